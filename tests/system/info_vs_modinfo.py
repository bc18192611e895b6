"""Compares `modctl info NAME --json` with `modinfo NAME` for every 50th module of the running
kernel, a loaded one, a builtin one and e1000e. Every field modinfo prints must be in Info
with the same value, each value of a repeated key, parameters in modinfo's order."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from modinfo_text import parse_modinfo  # noqa: E402

release = os.uname().release
with open(f"/lib/modules/{release}/modules.dep") as f:
    names = [os.path.basename(line.split(":")[0]).split(".ko")[0] for line in f][::50]
with open("/proc/modules") as f:
    names.append(f.readline().split()[0])
names += ["unix", "e1000e"]

# modinfo key -> Info key, for the fields whose name differs.
RENAMED = {"alias": "aliases", "author": "authors", "softdep": "softdeps", "parm": "parameters",
           "firmware": "firmware", "import_ns": "import_ns"}
LISTS = {"alias", "author", "firmware", "import_ns"}


def modinfo(name):
    out = subprocess.run(["modinfo", name], capture_output=True, text=True, check=True).stdout
    return parse_modinfo(out)


failures = 0
for name in names:
    info = json.loads(subprocess.run(["modctl", "info", name, "--json"], capture_output=True,
                                     text=True, check=True).stdout)
    for key, values in modinfo(name).items():
        ours = info.get(RENAMED.get(key, key))
        if key in LISTS:
            match = ours == values
        elif key == "parm":
            match = [p["name"] for p in ours] == [v.split(":", 1)[0] for v in values]
        elif key == "depends":
            match = ",".join(ours) == values[0]
        elif key in ("intree", "retpoline"):
            match = ours is (values[0] == "Y")
        elif key == "softdep":
            match = ours == "; ".join(values)
        else:
            match = ours == "\n".join(values)
        if not match:
            failures += 1
            print(f"FAIL: {name} {key}: modinfo {values!r}, Info {ours!r}")
    print(f"ok: {name}")
print(f"{len(names)} modules compared, {failures} mismatches")
sys.exit(1 if failures else 0)
