// The Search view: any module of the running kernel's tree, loaded or not, by name, alias or
// description (SearchModules, at most 200 matches), searched as the user types. The query is
// kept in the location (option q) so a search can be linked to.
/* global cockpit */
import { call, errorText } from "./bus.js";
import { el, replaceChildren, routeLink } from "./dom.js";
import { loadedModule } from "./modules.js";

const DEBOUNCE_MS = 250;
let timer = null;
let asked = 0; // the latest query's number: an older reply arriving late is dropped

function row([name, match, matchedText, description, builtin]) {
    // A description match is the description, shown beside it anyway; an alias is worth naming.
    const matched = match === "alias" ? `alias ${matchedText}` : match;
    const state = builtin ? "built in" : loadedModule(name) ? "loaded" : "";
    return el("tr", { "data-module": name },
              el("td", { "data-column": "name" }, routeLink("/module/" + name, name)),
              el("td", { "data-column": "match" }, matched),
              el("td", { "data-column": "description" }, description),
              el("td", { "data-column": "state" }, state));
}

function search(query) {
    const number = ++asked;
    const status = document.getElementById("search-status");
    const body = document.querySelector("#search-results tbody");
    if (!query) {
        replaceChildren(body);
        status.textContent = "";
        return;
    }
    status.textContent = "Searching…";
    call("SearchModules", "s", [query])
            .then(([matches, truncated]) => {
                if (number !== asked)
                    return;
                replaceChildren(body, matches.map(row));
                status.textContent = matches.length === 0
                    ? "No module matches."
                    : `${matches.length} modules` + (truncated ? " (only the first 200 are shown: be more specific)" : "");
            })
            .catch(error => {
                if (number !== asked)
                    return;
                replaceChildren(body);
                status.textContent = errorText(error);
            });
}

// Called when the view is shown: the query from the location.
export function show(options) {
    const input = document.getElementById("search-input");
    const query = options.q || "";
    if (input.value.trim() !== query)
        input.value = query;
    search(query);
    input.focus();
}

export function start() {
    const input = document.getElementById("search-input");
    input.addEventListener("input", () => {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => {
            const query = input.value.trim();
            cockpit.location.replace("/search", query ? { q: query } : {});
        }, DEBOUNCE_MS);
    });
}
