// The Activity view: every change modmgrd announces, newest first, as it comes
// (ModulesChanged, ConfigSettingChanged), with the action and who made it; at most
// ENTRY_LIMIT in the DOM. Below them, modmgrd's earlier journal messages when this user may
// read them.
/* global cockpit */
import { el } from "./dom.js";
import { onSignal } from "./signals.js";
import { userName } from "./users.js";

const ENTRY_LIMIT = 200;
const JOURNAL_ENTRIES = 50;

function time(date) {
    return el("time", { datetime: date.toISOString() }, date.toLocaleTimeString());
}

function add(parts, action, uid) {
    const list = document.getElementById("activity");
    const item = el("li", { class: "activity-entry" }, time(new Date()), " ", ...parts);
    list.querySelector(".empty")?.remove();
    list.prepend(item);
    while (list.children.length > ENTRY_LIMIT)
        list.lastElementChild.remove();
    userName(uid).then(name => {
        item.append(el("span", { class: "who" }, uid < 0 ? " — outside modmgr" : ` — by ${name}${action ? ` (${action})` : ""}`));
    });
}

function names(list) {
    const shown = list.slice(0, 10).join(", ");
    return list.length > 10 ? `${shown} and ${list.length - 10} more` : shown;
}

function modulesChanged([loaded, unloaded, action, uid]) {
    const parts = [];
    if (loaded.length)
        parts.push(`Loaded ${names(loaded)}`);
    if (unloaded.length)
        parts.push(`${parts.length ? "; unloaded" : "Unloaded"} ${names(unloaded)}`);
    add(parts, action, uid);
}

function settingChanged([module, setting, value, action, uid]) {
    const what = setting ? `${setting} = ${value}` : "configuration files changed";
    add([`Configuration of ${module}: ${what}`], action, uid);
}

// modmgrd's last JOURNAL_ENTRIES journal messages (journalctl shows a user only what the
// user may read: nothing at all for most users, everything for group adm).
function journal() {
    const earlier = document.getElementById("activity-journal");
    cockpit.spawn(["journalctl", "--output=json", "--no-pager", `--lines=${JOURNAL_ENTRIES}`,
        "SYSLOG_IDENTIFIER=modmgrd"], { err: "ignore" })
            .then(output => {
                const entries = output.split("\n").filter(Boolean).slice(-JOURNAL_ENTRIES).reverse();
                for (const line of entries) {
                    const entry = JSON.parse(line);
                    if (typeof entry.MESSAGE !== "string")
                        continue;
                    const date = new Date(Number(entry.__REALTIME_TIMESTAMP) / 1000);
                    earlier.append(el("li", { class: "activity-entry journal" }, time(date), " ", entry.MESSAGE));
                }
                earlier.parentElement.hidden = earlier.children.length === 0;
            })
            .catch(() => { earlier.parentElement.hidden = true });
}

export function start() {
    onSignal("ModulesChanged", modulesChanged);
    onSignal("ConfigSettingChanged", settingChanged);
    journal();
}
