"""What a settings app does with modmgr: watch the module objects through the
ObjectManager and read their properties, as the unprivileged user it runs as (one the polkit
rule lets load and unload), while that user loads and unloads a module."""
import subprocess
import sys

from gi.repository import Gio, GLib

PATH = "/org/modmgr1/module/dummy"
events = []
loop = GLib.MainLoop()


def on_added(manager, obj):
    events.append(("added", obj.get_object_path()))
    if obj.get_object_path() == PATH:
        module = obj.get_interface("org.modmgr1.Module")
        events.append(("name", module.get_cached_property("Name").unpack()))
        events.append(("state", module.get_cached_property("State").unpack()))
        events.append(("size", module.get_cached_property("Size").unpack() > 0))
        GLib.idle_add(lambda: subprocess.Popen(["modctl", "unload", "dummy"]) and False)


def on_removed(manager, obj):
    events.append(("removed", obj.get_object_path()))
    if obj.get_object_path() == PATH:
        loop.quit()


manager = Gio.DBusObjectManagerClient.new_for_bus_sync(
    Gio.BusType.SYSTEM, Gio.DBusObjectManagerClientFlags.NONE, "org.modmgr1", "/org/modmgr1",
    None, None, None)
manager.connect("object-added", on_added)
manager.connect("object-removed", on_removed)
before = [o.get_object_path() for o in manager.get_objects()]
assert PATH not in before, "dummy is already loaded"
assert before, "no module objects at all: the guest surely has loaded modules"
GLib.idle_add(lambda: subprocess.Popen(["modctl", "load", "dummy"]) and False)
GLib.timeout_add_seconds(30, loop.quit)
loop.run()

print(events)
expected = [("added", PATH), ("name", "dummy"), ("state", "live"), ("size", True), ("removed", PATH)]
if [e for e in events if e[1] in (PATH, "dummy", "live", True)] != expected:
    sys.exit(f"unexpected events: {events}")
print("ok: object added with properties, then removed")
