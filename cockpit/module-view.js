// The Module view: what `modctl info` shows (Info), the configuration in effect with its
// file:line (GetConfiguration), the devices it drives and the dependency graph, with the
// action bar (actions.js). Refreshed when the module is loaded or unloaded, or its
// configuration changes, by anyone.
import { call, errorText, unwrap } from "./bus.js";
import { cappedItems, el, formatSize, replaceChildren, routeLink } from "./dom.js";
import { drawGraph } from "./graph.js";
import { renderActions } from "./actions.js";
import { onSignal } from "./signals.js";
import { PARAMETER_LIMIT } from "./params.js";

const LIST_LIMIT = 200; // devices and configuration lines shown
let current = null; // the module shown
let generation = 0; // the latest refresh: an older reply arriving late is dropped

function fact(label, ...value) {
    return [el("dt", {}, label), el("dd", {}, ...value)];
}

function yesNo(value) {
    return value ? "yes" : "no";
}

function facts(info, configuration) {
    const rows = [];
    rows.push(fact("State", info.builtin ? "built in" : info.loaded ? info.state || "loaded" : "not loaded"));
    if (info.filename)
        rows.push(fact("File", el("code", {}, info.filename)));
    for (const [key, label] of [["version", "Version"], ["license", "License"], ["authors", "Authors"],
        ["aliases", "Aliases"], ["softdeps", "Soft dependencies"], ["firmware", "Firmware"]]) {
        const value = info[key];
        if (value !== undefined && value.length !== 0)
            rows.push(fact(label, Array.isArray(value) ? value.slice(0, 16).join(", ") +
                (value.length > 16 ? ` and ${value.length - 16} more` : "") : value));
    }
    if (info.size !== undefined)
        rows.push(fact("Size", formatSize(info.size)));
    if (info.refcount !== undefined)
        rows.push(fact("Used by", info.refcount < 0 ? "–" : String(info.refcount),
                       (info.holders || []).map(holder => [" ", routeLink("/module/" + holder, holder)])));
    if (info.taint !== undefined)
        rows.push(fact("Taint", info.taint || "none"));
    if (info.signed !== undefined || info.signer)
        rows.push(fact("Signature",
                       info.loaded ? (info.signed ? "verified by the kernel" : "not verified") : (info.signed ? "signed" : "unsigned"),
                       info.signer ? ` — signer ${info.signer}` : "",
                       info.sig_key ? `, key ${info.sig_key}` : "",
                       info.sig_hashalgo ? `, ${info.sig_hashalgo}` : ""));
    rows.push(fact("Blacklisted", yesNo(configuration.blacklisted)));
    rows.push(fact("Masked", yesNo(configuration.masked)));
    rows.push(fact("Load at boot", yesNo(configuration.load_at_boot)));
    rows.push(fact("Options", (configuration.options || []).join(" ") || "none"));
    return rows;
}

function parameterRows(info) {
    const values = info.parameter_values || {};
    return (info.parameters || []).slice(0, PARAMETER_LIMIT).map(([name, type, description]) =>
        el("tr", { "data-parameter": name },
           el("td", { "data-column": "name" }, el("code", {}, name)),
           el("td", { "data-column": "type" }, type || "–"),
           el("td", { "data-column": "value" }, name in values ? el("code", {}, values[name]) : "–"),
           el("td", { "data-column": "description" }, description)));
}

function render(info, configuration) {
    const section = document.getElementById("module-details");
    document.getElementById("module-name").textContent = info.name;
    document.getElementById("module-description").textContent = info.description || "No description";
    replaceChildren(document.getElementById("module-facts"), facts(info, configuration));
    const parameters = parameterRows(info);
    replaceChildren(document.querySelector("#module-parameters tbody"), parameters);
    document.getElementById("module-parameters-empty").hidden = parameters.length > 0;
    document.getElementById("module-parameters").hidden = parameters.length === 0;
    const devices = info.devices || [];
    replaceChildren(document.getElementById("module-devices"),
                    devices.length
                        ? cappedItems(devices, LIST_LIMIT, device => el("li", {}, device))
                        : el("li", { class: "empty" }, "None"));
    const sources = configuration.config_sources || [];
    replaceChildren(document.getElementById("module-config"),
                    sources.length
                        ? cappedItems(sources, LIST_LIMIT, ([kind, file, line, text, managed]) =>
                            el("li", { "data-kind": kind, class: managed ? "managed" : "" },
                               el("code", {}, `${file}:${line}`), " ", text))
                        : el("li", { class: "empty" }, "No configuration lines"));
    renderActions(info, configuration, refresh);
    section.hidden = false;
    drawGraph(document.getElementById("module-graph"), info)
            .catch(error => console.warn("graph:", error));
}

export function refresh() {
    const number = ++generation;
    const name = current;
    Promise.all([
        call("Info", "s", [name]).then(([info]) => unwrap(info)),
        call("GetConfiguration", "s", [name]).then(([configuration]) => unwrap(configuration),
                                                   () => ({})),
    ])
            .then(([info, configuration]) => {
                if (number !== generation)
                    return;
                document.getElementById("module-error").hidden = true;
                render(info, configuration);
            })
            .catch(error => {
                if (number !== generation)
                    return;
                document.getElementById("module-details").hidden = true;
                const message = document.getElementById("module-error");
                message.textContent = errorText(error);
                message.hidden = false;
            });
}

export function show(name) {
    if (name !== current) {
        document.getElementById("module-details").hidden = true;
        document.getElementById("module-details").setAttribute("data-module", name);
        document.getElementById("breadcrumb-module").textContent = name;
        const graph = document.getElementById("module-graph");
        graph.replaceChildren();
        graph.removeAttribute("data-module");
        document.getElementById("action-error").hidden = true;
        document.getElementById("options-form").hidden = true;
    }
    current = name;
    refresh();
}

export function hide() {
    current = null;
}

export function start() {
    const concerns = names => current && names.includes(current);
    onSignal("ModulesChanged", ([loaded, unloaded]) => {
        if (concerns(loaded) || concerns(unloaded))
            refresh();
    });
    onSignal("ConfigChanged", ([module]) => {
        if (concerns([module]))
            refresh();
    });
}
