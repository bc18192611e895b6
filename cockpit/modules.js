// The loaded modules, kept live: the module objects under modmgrd's ObjectManager, read with
// one GetManagedObjects (the bridge's watch of the namespace) and followed through
// InterfacesAdded/Removed and PropertiesChanged. No call per module: the namespace watched
// must be the ObjectManager's own path, as one level down (/org/modmgr1/module) the bridge
// introspects and GetAlls every module object instead (seen: 24 calls for 8 modules; the
// browser tests count them).
import { MANAGER_PATH, MODULE, onConnect } from "./bus.js";

const listeners = [];
let proxies = null;
let ready = false;

// fn() after the first listing and after each change (coalesced to one per frame).
export function onModulesChanged(fn) {
    listeners.push(fn);
    if (ready)
        fn();
}

let scheduled = false;
function changed() {
    if (scheduled)
        return;
    scheduled = true;
    window.requestAnimationFrame(() => {
        scheduled = false;
        listeners.forEach(fn => fn());
    });
}

export function isReady() {
    return ready;
}

// Plain records of every loaded module.
export function loadedModules() {
    const modules = [];
    if (!proxies)
        return modules;
    for (const path in proxies) {
        const proxy = proxies[path];
        if (!proxy || !proxy.valid || proxy.Name === undefined)
            continue;
        modules.push({
            name: proxy.Name,
            size: proxy.Size,
            refcount: proxy.RefCount,
            holders: proxy.Holders || [],
            state: proxy.State,
            taint: proxy.Taint,
            signed: proxy.Signed,
            parameters: proxy.Parameters || {},
        });
    }
    return modules;
}

export function loadedModule(name) {
    return loadedModules().find(module => module.name === name) || null;
}

export function start() {
    onConnect(client => {
        proxies = client.proxies(MODULE, MANAGER_PATH);
        for (const event of ["added", "changed", "removed"])
            proxies.addEventListener(event, changed);
        proxies.wait(() => {
            ready = true;
            changed();
        });
    });
}
