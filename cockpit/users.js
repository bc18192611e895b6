// User names for the uids in change signals, from /etc/passwd (read once; every user may
// read it). -1 is a change modmgrd did not make.
/* global cockpit */

let names = null;

function load() {
    if (!names) {
        names = cockpit.file("/etc/passwd").read()
                .then(text => {
                    const map = new Map();
                    for (const line of (text || "").split("\n").slice(0, 100000)) {
                        const fields = line.split(":");
                        if (fields.length >= 3)
                            map.set(Number(fields[2]), fields[0]);
                    }
                    return map;
                })
                .catch(() => new Map());
    }
    return names;
}

export function userName(uid) {
    if (uid < 0)
        return Promise.resolve("outside modmgr");
    return load().then(map => map.get(uid) || `uid ${uid}`);
}
