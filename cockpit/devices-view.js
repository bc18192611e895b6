// The Devices view: devices with a modalias (ListDevices; by default only those no driver is
// bound to, flag UNBOUND), their candidate modules and "Load driver" (LoadForDevice). Kept
// live from DeviceChanged (and module loads, which change candidates' state): one ListDevices
// per burst of changes, not one per change. At most ROW_LIMIT rows in the DOM.
import { FLAGS, call, errorText } from "./bus.js";
import { el, replaceChildren, routeLink } from "./dom.js";
import { unavailable } from "./permissions.js";
import { onSignal } from "./signals.js";

const ROW_LIMIT = 500;
const REFRESH_DELAY_MS = 100;
let visible = false;
let timer = null;
let generation = 0;

function identityText(identity) {
    const keys = Object.keys(identity).slice(0, 3);
    return keys.map(key => `${key}=${identity[key]}`).join(" ");
}

function candidateList(candidates) {
    if (candidates.length === 0)
        return "none";
    return candidates.map(([module, blacklisted, masked], index) => [
        index ? ", " : "",
        routeLink("/module/" + module, module),
        blacklisted ? " (blacklisted)" : "",
        masked ? " (masked)" : "",
    ]);
}

// What the last "Load driver" of each device said ({text, error}), kept across the list's
// refreshes (a load refreshes it at once: the candidates' state changed). Bounded by the rows.
const notes = new Map();

function note(device) {
    const said = notes.get(device);
    return el("div", { class: said && said.error ? "row-note error" : "row-note", hidden: !said },
              said ? said.text : "");
}

function loadDriver(device, button) {
    button.disabled = true;
    notes.delete(device);
    call("LoadForDevice", "st", [device, 0])
            .then(([inserted]) => {
                notes.set(device, { text: inserted.length ? `Loaded ${inserted.join(", ")}` : "Nothing to load" });
                refresh();
            })
            .catch(error => {
                notes.set(device, { text: errorText(error), error: true });
                refresh();
            });
}

function row([bus, name, modalias, identity, driver, module, candidates]) {
    const device = `${bus}/${name}`;
    const denied = unavailable("load");
    const usable = candidates.some(([, blacklisted, masked]) => !blacklisted && !masked);
    const button = el("button", { class: "btn btn-secondary load-driver", type: "button",
                                  disabled: Boolean(denied) || !usable || driver !== "",
                                  title: denied || (driver ? "A driver is bound" : usable ? "" : "No candidate module can be loaded") },
                      "Load driver");
    button.addEventListener("click", () => loadDriver(device, button));
    return el("tr", { "data-device": device },
              el("td", { "data-column": "device" }, el("strong", {}, device),
                 el("div", { class: "help" }, identityText(identity))),
              el("td", { "data-column": "modalias" }, el("code", { class: "wrap" }, modalias)),
              el("td", { "data-column": "driver" }, driver ? `${driver}${module ? ` (${module})` : ""}` : "none"),
              el("td", { "data-column": "candidates" }, candidateList(candidates)),
              el("td", { class: "row-actions" }, button, note(device)));
}

function refresh() {
    const number = ++generation;
    const all = document.getElementById("devices-show-all").checked;
    const status = document.getElementById("devices-status");
    call("ListDevices", "t", [all ? 0 : FLAGS.UNBOUND])
            .then(([devices, truncated]) => {
                if (number !== generation)
                    return;
                const shown = devices.slice(0, ROW_LIMIT);
                replaceChildren(document.querySelector("#devices tbody"), shown.map(row));
                const listed = new Set(shown.map(([bus, name]) => `${bus}/${name}`));
                for (const device of notes.keys())
                    if (!listed.has(device))
                        notes.delete(device);
                const summary = [`${devices.length} ${all ? "devices" : "devices without a driver"}`];
                if (devices.length > ROW_LIMIT)
                    summary.push(`only the first ${ROW_LIMIT} are shown`);
                if (truncated)
                    summary.push("modmgrd stopped listing at its bound");
                status.textContent = summary.join("; ");
            })
            .catch(error => {
                if (number === generation)
                    status.textContent = errorText(error);
            });
}

function schedule() {
    if (!visible)
        return;
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, REFRESH_DELAY_MS);
}

export function show() {
    visible = true;
    refresh();
}

export function hide() {
    visible = false;
}

export function start() {
    document.getElementById("devices-show-all").addEventListener("change", refresh);
    onSignal("DeviceChanged", schedule);
    onSignal("ModulesChanged", schedule);
    onSignal("ConfigChanged", schedule);
}
