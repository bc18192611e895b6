"""A long-lived client, as a settings app is: it asks twice for org.modmgr1.load. polkit keeps
an auth_admin_keep authorization for the process that earned it (a new process, such as each
modctl run, is a new subject), so only the first call may prompt."""
import os
import subprocess

from gi.repository import Gio, GLib

notify_read, notify_write = os.pipe()
agent = subprocess.Popen(["pkttyagent", "--process", str(os.getpid()), "--fallback",
                          "--notify-fd", str(notify_write)], pass_fds=(notify_write,))
os.close(notify_write)
os.read(notify_read, 1)  # EOF once the agent has registered

bus = Gio.bus_get_sync(Gio.BusType.SYSTEM)
for attempt in ("FIRST", "SECOND"):
    try:
        reply = bus.call_sync("org.modmgr1", "/org/modmgr1", "org.modmgr1.Manager", "Load",
                              GLib.Variant("(sast)", ("dummy", [], 0)), None,
                              Gio.DBusCallFlags.ALLOW_INTERACTIVE_AUTHORIZATION, 300000, None)
        print(f"{attempt}=ok {reply.unpack()[0]}", flush=True)
    except GLib.Error as e:
        print(f"{attempt}=error {e.message}", flush=True)
agent.terminate()
