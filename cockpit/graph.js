// The picture of a module's dependencies (right, from Info's depends, transitively) and
// holders (left, from the live module objects' Holders, transitively), as SVG. Bounded: at
// most INFO_CALLS Info calls for the dependencies and NODES_PER_SIDE modules on each side; a
// cut graph says so.
import { call } from "./bus.js";
import { loadedModule } from "./modules.js";

const SVG = "http://www.w3.org/2000/svg";
const INFO_CALLS = 32;
const NODES_PER_SIDE = 32;
const PER_COLUMN = 12;
const NODE_WIDTH = 150;
const NODE_HEIGHT = 28;
const COLUMN_GAP = 60;
const ROW_GAP = 10;

function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes))
        node.setAttribute(name, value);
    node.append(...children);
    return node;
}

// Breadth first from `root` with `next(name)` (a Promise of names): {levels: Map name->depth,
// edges: [from, to], cut}. `budget` bounds the calls of next.
async function walk(root, next, budget) {
    const levels = new Map([[root, 0]]);
    const edges = [];
    let queue = [root];
    let calls = 0;
    let cut = false;
    while (queue.length > 0) {
        const following = [];
        for (const name of queue) {
            if (calls >= budget) {
                cut = true;
                break;
            }
            calls++;
            for (const other of await next(name)) {
                edges.push([name, other]);
                if (levels.has(other))
                    continue;
                if (levels.size > NODES_PER_SIDE) {
                    cut = true;
                    continue;
                }
                levels.set(other, levels.get(name) + 1);
                following.push(other);
            }
        }
        if (cut && calls >= budget)
            break;
        queue = following;
    }
    return { levels, edges: edges.filter(([a, b]) => levels.has(a) && levels.has(b)), cut };
}

function dependenciesOf(rootInfo) {
    return name => name === rootInfo.name
        ? Promise.resolve(rootInfo.depends || [])
        : call("Info", "s", [name]).then(([info]) => (info.depends ? info.depends.v : []), () => []);
}

function holdersOf(name) {
    const module = loadedModule(name);
    return Promise.resolve(module ? module.holders : []);
}

// Positions: column = side * depth (holders negative), rows stacked within a column.
function layout(dependencies, holders) {
    const columns = new Map();
    const place = (name, column) => {
        if (!columns.has(column))
            columns.set(column, []);
        columns.get(column).push(name);
    };
    place(dependencies.root, 0);
    for (const [name, depth] of dependencies.levels)
        if (depth > 0)
            place(name, depth);
    for (const [name, depth] of holders.levels)
        if (depth > 0 && !dependencies.levels.has(name))
            place(name, -depth);
    const keys = [...columns.keys()].sort((a, b) => a - b);
    const positions = new Map();
    let hidden = 0;
    const height = Math.min(PER_COLUMN, Math.max(...[...columns.values()].map(c => c.length)));
    keys.forEach((key, index) => {
        const names = columns.get(key);
        hidden += Math.max(0, names.length - PER_COLUMN);
        const shown = names.slice(0, PER_COLUMN);
        const top = (height - shown.length) * (NODE_HEIGHT + ROW_GAP) / 2;
        shown.forEach((name, row) => positions.set(name, {
            x: 10 + index * (NODE_WIDTH + COLUMN_GAP),
            y: 30 + top + row * (NODE_HEIGHT + ROW_GAP),
        }));
    });
    return { positions, hidden, width: keys.length * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP + 20,
             height: 40 + height * (NODE_HEIGHT + ROW_GAP) };
}

function node(name, position, root) {
    const label = name.length > 20 ? name.slice(0, 19) + "…" : name;
    const group = svg("g", { "data-node": name, class: root ? "graph-node graph-root" : "graph-node",
                             transform: `translate(${position.x},${position.y})` },
                      svg("title", {}, name),
                      svg("rect", { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 3 }),
                      svg("text", { x: NODE_WIDTH / 2, y: NODE_HEIGHT / 2 + 5, "text-anchor": "middle" }, label));
    if (root)
        return group;
    const link = svg("a", { href: "#/module/" + name }, group);
    return link;
}

// An arrow from `from` to `to` (from depends on to). Mostly left to right; a module that
// depends on one drawn in the same column (both direct dependencies of the root, say) gets a
// bracket on the column's right, and on one drawn further left an arrow back to its right side.
function edge(from, to) {
    const y1 = from.y + NODE_HEIGHT / 2;
    const y2 = to.y + NODE_HEIGHT / 2;
    let d;
    if (from.x < to.x) {
        const [x1, x2] = [from.x + NODE_WIDTH, to.x - 2];
        const middle = (x1 + x2) / 2;
        d = `M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`;
    } else if (from.x > to.x) {
        const [x1, x2] = [from.x, to.x + NODE_WIDTH + 2];
        const middle = (x1 + x2) / 2;
        d = `M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`;
    } else {
        const x = from.x + NODE_WIDTH;
        const bulge = x + COLUMN_GAP / 2;
        d = `M${x},${y1} C${bulge},${y1} ${bulge},${y2} ${x + 2},${y2}`;
    }
    return svg("path", { class: "graph-edge", "marker-end": "url(#graph-arrow)", d });
}

// Draws `info`'s module (Info's plain values) into the svg element `target`.
export async function drawGraph(target, info) {
    const [dependencies, holders] = await Promise.all([
        walk(info.name, dependenciesOf(info), INFO_CALLS),
        walk(info.name, holdersOf, NODES_PER_SIDE),
    ]);
    dependencies.root = info.name;
    const { positions, hidden, width, height } = layout(dependencies, holders);
    const notes = [];
    if (dependencies.cut || holders.cut || hidden > 0)
        notes.push(`Graph cut: at most ${INFO_CALLS} modules looked up and ${PER_COLUMN} drawn per column`);
    if (dependencies.levels.size === 1 && holders.levels.size === 1)
        notes.push("No dependencies and no holders");
    const defs = svg("defs", {},
                     svg("marker", { id: "graph-arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
                                     markerWidth: 8, markerHeight: 8, orient: "auto" },
                         svg("path", { d: "M0,0 L10,5 L0,10 z", class: "graph-arrowhead" })));
    const headings = [];
    const first = Math.min(...[...positions.values()].map(p => p.x));
    const rootX = positions.get(info.name).x;
    if (rootX > first)
        headings.push(svg("text", { x: first, y: 16, class: "graph-heading" }, "Used by"));
    if (dependencies.levels.size > 1)
        headings.push(svg("text", { x: rootX + NODE_WIDTH + COLUMN_GAP, y: 16, class: "graph-heading" }, "Depends on"));
    const edges = [...dependencies.edges, ...holders.edges.map(([module, holder]) => [holder, module])]
            .filter(([a, b]) => positions.has(a) && positions.has(b))
            .map(([a, b]) => edge(positions.get(a), positions.get(b)));
    const nodes = [...positions].map(([name, position]) => node(name, position, name === info.name));
    const noteNodes = notes.map((text, index) =>
        svg("text", { x: 10, y: height + 14 + index * 18, class: "graph-note" }, text));
    const fullHeight = height + notes.length * 18 + 8;
    target.setAttribute("viewBox", `0 0 ${Math.max(width, 420)} ${fullHeight}`);
    target.setAttribute("width", Math.max(width, 420));
    target.setAttribute("height", fullHeight);
    target.replaceChildren(defs, ...headings, ...edges, ...nodes, ...noteNodes);
    target.setAttribute("data-module", info.name); // drawn: which module's picture this is
}
