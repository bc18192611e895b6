// Which actions this user may take, from GetPermissions (non-interactive polkit checks),
// read afresh on every connection (Administrative access changes the answer). A page in
// Limited access cannot answer an "auth" (Cockpit's bridge answers no polkit prompt for
// other actions than its own), so such an action is unavailable with the way to get it.
import { call, onConnect } from "./bus.js";

export const ACTIONS = {
    load: "org.modmgr1.load",
    unload: "org.modmgr1.unload",
    configure: "org.modmgr1.configure",
};

let answers = null;
let superuser = null;
const listeners = [];

export function onPermissions(fn) {
    listeners.push(fn);
    if (answers)
        fn();
}

function administrative() {
    return Boolean(superuser && superuser.Current && !["none", "init"].includes(superuser.Current));
}

// null when `action` (a key of ACTIONS) is available, else why not.
export function unavailable(action) {
    if (!answers)
        return "Checking what this user may do…";
    const answer = answers[ACTIONS[action]];
    if (answer === "yes" || administrative())
        return null;
    if (answer === "auth")
        return "Turn on administrative access";
    return "Not permitted for this user";
}

export function start(superuserProxy) {
    superuser = superuserProxy;
    onConnect(() => {
        call("GetPermissions", "", [])
                .then(([permissions]) => {
                    answers = permissions;
                    listeners.forEach(fn => fn());
                })
                .catch(error => console.warn("GetPermissions failed:", error));
    });
}
