"""Records what org.modmgr1 announces while a shell command runs: ModuleLoaded/Unloaded,
ModulesChanged, ConfigChanged and the ObjectManager's InterfacesAdded/Removed, as a GUI would
see them.
Usage: signal_watcher.py SECONDS_TO_SETTLE -- COMMAND...; prints one JSON list of events."""
import json
import subprocess
import sys
import threading

from gi.repository import Gio, GLib

settle = float(sys.argv[1])
command = sys.argv[sys.argv.index("--") + 1:]
events = []
bus = Gio.bus_get_sync(Gio.BusType.SYSTEM)


def on_signal(conn, sender, path, interface, member, params):
    args = params.unpack()
    if member in ("InterfacesAdded", "InterfacesRemoved"):
        events.append([member, args[0]])
    else:
        events.append([member, *args])


bus.signal_subscribe("org.modmgr1", None, None, None, None, Gio.DBusSignalFlags.NONE, on_signal)
# Make sure the daemon is up and the subscription is in place before the command runs.
bus.call_sync("org.modmgr1", "/org/modmgr1", "org.freedesktop.DBus.Peer", "Ping", None, None,
              Gio.DBusCallFlags.NONE, 10000, None)
loop = GLib.MainLoop()


def run():
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    GLib.timeout_add(int(settle * 1000), loop.quit)


threading.Thread(target=run, daemon=True).start()
loop.run()
print(json.dumps(events))
