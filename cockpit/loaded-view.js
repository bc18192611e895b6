// The Loaded modules view: the live table, filtered and sorted in the browser. The DOM holds
// at most ROW_LIMIT rows (the rest are named in a note), so a system with thousands of
// modules stays fast.
import { el, formatSize, replaceChildren, routeLink } from "./dom.js";
import { loadedModules, onModulesChanged } from "./modules.js";

const ROW_LIMIT = 500;
const COLUMNS = {
    name: module => module.name,
    size: module => module.size,
    "used-by": module => module.holders.length,
    refcount: module => module.refcount,
    state: module => module.state,
    taint: module => module.taint,
};

let sortColumn = "name";
let ascending = true;

function compare(a, b) {
    const key = COLUMNS[sortColumn];
    const x = key(a);
    const y = key(b);
    const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
    return (ascending ? order : -order) || a.name.localeCompare(b.name);
}

function matches(module, filter) {
    return !filter || module.name.toLowerCase().includes(filter);
}

function row(module) {
    return el("tr", { "data-module": module.name },
              el("td", { "data-column": "name" }, routeLink("/module/" + module.name, module.name)),
              el("td", { "data-column": "size", class: "numeric" }, formatSize(module.size)),
              el("td", { "data-column": "used-by" },
                 module.holders.map((holder, index) => [index ? ", " : "",
                     routeLink("/module/" + holder, holder)])),
              el("td", { "data-column": "refcount", class: "numeric" },
                 module.refcount < 0 ? "–" : module.refcount),
              el("td", { "data-column": "state" },
                 el("span", { class: "state state-" + module.state }, module.state)),
              el("td", { "data-column": "taint" }, module.taint));
}

function render() {
    const filter = document.getElementById("loaded-filter").value.trim().toLowerCase().replaceAll("-", "_");
    const all = loadedModules();
    const shown = all.filter(module => matches(module, filter)).sort(compare);
    replaceChildren(document.querySelector("#loaded-modules tbody"), shown.slice(0, ROW_LIMIT).map(row));
    const note = shown.length > ROW_LIMIT
        ? `Showing ${ROW_LIMIT} of ${shown.length} matching modules: narrow the filter to see the rest.`
        : `${shown.length} of ${all.length} loaded modules`;
    document.getElementById("loaded-count").textContent = note;
    for (const header of document.querySelectorAll("#loaded-modules th[data-sort]")) {
        const sorted = header.dataset.sort === sortColumn;
        header.setAttribute("aria-sort", sorted ? (ascending ? "ascending" : "descending") : "none");
    }
    document.body.setAttribute("data-ready", "true");
}

export function start() {
    document.getElementById("loaded-filter").addEventListener("input", render);
    for (const header of document.querySelectorAll("#loaded-modules th[data-sort]")) {
        header.addEventListener("click", () => {
            ascending = header.dataset.sort === sortColumn ? !ascending : true;
            sortColumn = header.dataset.sort;
            render();
        });
    }
    onModulesChanged(render);
}
