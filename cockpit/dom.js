// Building elements without HTML strings: text from the bus never becomes markup.

// el("td", {class: "x", "data-column": "name"}, child, "text", ...)
export function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
        if (value === false || value === null || value === undefined)
            continue;
        if (name.startsWith("on"))
            node.addEventListener(name.slice(2), value);
        else
            node.setAttribute(name, value === true ? "" : value);
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false)
            continue;
        node.append(child instanceof Node ? child : String(child));
    }
}

export function replaceChildren(node, ...children) {
    node.replaceChildren();
    append(node, children);
}

// A link to a route of the page (cockpit.location, by hash).
export function routeLink(path, text, attributes) {
    return el("a", { href: "#" + path, ...attributes }, text);
}

export function formatSize(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ["KiB", "MiB", "GiB"];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

// The first `limit` of `items` rendered as list items, and a last item saying how many more
// there are: every list the page shows stays bounded in the DOM.
export function cappedItems(items, limit, render) {
    const shown = items.slice(0, limit).map(render);
    if (items.length > limit)
        shown.push(el("li", { class: "empty" }, `and ${items.length - limit} more`));
    return shown;
}
