// The module view's action bar: which buttons are available (the module's state and
// GetPermissions), why not (#action-reason), and the one-click actions (blacklist, mask, load
// at boot); Load, Unload and Options open their own forms. An error is shown in place, the
// typed error's message in #action-error.
import { call } from "./bus.js";
import { showActionError } from "./action-error.js";
import { unavailable } from "./permissions.js";
import { openLoadDialog } from "./load-dialog.js";
import { openUnloadDialog } from "./unload-dialog.js";
import { openOptions } from "./options-editor.js";

const LABELS = {
    "action-load": "Load",
    "action-unload": "Unload",
    "action-blacklist": "Blacklist",
    "action-mask": "Mask",
    "action-options": "Options",
    "action-load-at-boot": "Load at boot",
};

let handlers = {};

// One Set* call; its button stays disabled until the view is redrawn (a second click would
// ask for the same change again, or undo it).
function toggle(id, method, name, value, done) {
    const button = document.getElementById(id);
    button.disabled = true;
    showActionError(null);
    call(method, "sbt", [name, value, 0]).then(done, error => {
        button.disabled = false;
        showActionError(error);
    });
}

// Sets each button from `info` and `configuration` (plain values) and what the user may do;
// `done` refreshes the view after an action.
export function renderActions(info, configuration, done) {
    const name = info.name;
    const blacklisted = Boolean(configuration.blacklisted);
    const masked = Boolean(configuration.masked);
    const atBoot = Boolean(configuration.load_at_boot);
    const buttons = {
        "action-load": { permission: "load", state: info.loaded ? "Already loaded" : null,
                         run: () => openLoadDialog(info, done) },
        "action-unload": { permission: "unload",
                           state: info.builtin ? "Built into the kernel" : info.loaded ? null : "Not loaded",
                           run: () => openUnloadDialog(name, done) },
        "action-blacklist": { permission: "configure", text: blacklisted ? "Unblacklist" : "Blacklist",
                              run: () => toggle("action-blacklist", "SetBlacklisted", name, !blacklisted, done) },
        "action-mask": { permission: "configure", text: masked ? "Unmask" : "Mask",
                         run: () => toggle("action-mask", "SetMasked", name, !masked, done) },
        "action-options": { permission: "configure", run: () => openOptions(info, configuration, done) },
        "action-load-at-boot": { permission: "configure", text: atBoot ? "Don't load at boot" : "Load at boot",
                                 run: () => toggle("action-load-at-boot", "SetLoadAtBoot", name, !atBoot, done) },
    };
    const reasons = new Map(); // reason -> labels of the buttons it disables
    handlers = {};
    for (const [id, button] of Object.entries(buttons)) {
        const element = document.getElementById(id);
        const denied = unavailable(button.permission);
        const reason = denied || button.state;
        element.textContent = button.text || LABELS[id];
        element.disabled = Boolean(reason);
        element.title = reason || "";
        if (denied)
            reasons.set(denied, [...(reasons.get(denied) || []), element.textContent]);
        handlers[id] = button.run;
    }
    const reasonBox = document.getElementById("action-reason");
    reasonBox.textContent = [...reasons].map(([reason, labels]) => `${labels.join(", ")}: ${reason}`).join(". ");
    reasonBox.hidden = reasons.size === 0;
}

export function start() {
    for (const id of Object.keys(LABELS)) {
        document.getElementById(id).addEventListener("click", () => {
            if (handlers[id])
                handlers[id]();
        });
    }
}
