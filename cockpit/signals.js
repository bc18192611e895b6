// modmgrd's Manager signals, subscribed once per connection and handed to every view that
// follows them: onSignal("ModulesChanged", (args) => ...).
import { MANAGER, MANAGER_PATH, onConnect } from "./bus.js";

const handlers = {};

export function onSignal(member, fn) {
    (handlers[member] = handlers[member] || []).push(fn);
}

export function start() {
    onConnect(client => {
        client.subscribe({ interface: MANAGER, path: MANAGER_PATH }, (path, iface, member, args) => {
            (handlers[member] || []).forEach(fn => fn(args));
        });
    });
}
