// The page's one connection to modmgrd on the system bus. It calls as the session's user in
// Limited access and as root in Administrative access (superuser "try"), so it is reopened
// whenever cockpit.Superuser changes, and every view that follows the bus re-attaches to
// the new connection (onConnect).
/* global cockpit */

export const BUS_NAME = "org.modmgr1";
export const MANAGER_PATH = "/org/modmgr1";
export const MANAGER = "org.modmgr1.Manager";
export const MODULE = "org.modmgr1.Module";
export const FLAGS = { DRY_RUN: 0x1, UNBOUND: 0x20 };

let client = null;
const connectListeners = [];
const closeListeners = [];

// fn(client) now (when connected) and on every reconnection.
export function onConnect(fn) {
    connectListeners.push(fn);
    if (client)
        fn(client);
}

// fn(problem text) when the connection ends other than by reopen(): modmgrd or the bus is
// not there, or the session ended.
export function onClosed(fn) {
    closeListeners.push(fn);
}

function reopen() {
    if (client)
        client.close();
    const opened = cockpit.dbus(BUS_NAME, { bus: "system", superuser: "try" });
    opened.addEventListener("close", (event, options) => {
        if (opened === client && options.problem)
            closeListeners.forEach(fn => fn(options.message || cockpit.message(options)));
    });
    client = opened;
    connectListeners.forEach(fn => fn(client));
}

// Manager method `method` with D-Bus input signature `type` (no introspection round trip):
// a Promise of the reply's arguments (an array).
export function call(method, type, args) {
    return client.call(MANAGER_PATH, MANAGER, method, args, { type });
}

// A reply's a{sv} as plain values.
export function unwrap(variants) {
    const plain = {};
    for (const key in variants)
        plain[key] = variants[key].v;
    return plain;
}

// The typed error's message, as the page shows it in place.
export function errorText(error) {
    return error.message || error.problem || String(error);
}

export function start() {
    reopen();
    const superuser = cockpit.dbus(null, { bus: "internal" }).proxy("cockpit.Superuser", "/superuser");
    let current = null;
    superuser.addEventListener("changed", () => {
        if (current !== null && superuser.Current !== current)
            reopen();
        current = superuser.Current;
    });
    return superuser;
}
