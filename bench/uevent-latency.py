#!/usr/bin/python3
"""Runs INSIDE the system-test guest (run-guest --bench), as root: how long after the kernel's
uevent does a D-Bus client get modmgrd's ModuleLoaded/ModuleUnloaded signal? This process
listens to both (the kernel's netlink uevent group and the system bus) on one GLib loop, so
both times come from the same clock; 100 rounds of an external `modprobe dummy` /
`modprobe -r dummy`. Prints p50, p99 and max in milliseconds."""
import socket
import subprocess
import sys
import time

from gi.repository import Gio, GLib

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
NETLINK_KOBJECT_UEVENT = 15

uevent_at = {}
latencies = []
loop = GLib.MainLoop()

sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_KOBJECT_UEVENT)
sock.bind((0, 1))  # the kernel's group


def on_uevent(fd, condition):
    data = sock.recv(65536)
    header = data.split(b"\0", 1)[0].decode(errors="replace")
    action, _, devpath = header.partition("@")
    if devpath == "/module/dummy" and action in ("add", "remove"):
        uevent_at[action] = time.monotonic()
    return True


def on_signal(conn, sender, path, interface, member, params):
    if params.unpack()[0] != "dummy":
        return
    action = "add" if member == "ModuleLoaded" else "remove"
    if action in uevent_at:
        latencies.append((time.monotonic() - uevent_at.pop(action)) * 1000)
        loop.quit()


GLib.io_add_watch(sock.fileno(), GLib.IO_IN, on_uevent)
bus = Gio.bus_get_sync(Gio.BusType.SYSTEM)
for member in ("ModuleLoaded", "ModuleUnloaded"):
    bus.signal_subscribe("org.modmgr1", "org.modmgr1.Manager", member, "/org/modmgr1", None,
                         Gio.DBusSignalFlags.NONE, on_signal)
bus.call_sync("org.modmgr1", "/org/modmgr1", "org.freedesktop.DBus.Peer", "Ping", None, None,
              Gio.DBusCallFlags.NONE, 10000, None)
subprocess.run(["modprobe", "-r", "dummy"], stderr=subprocess.DEVNULL)


def wait_for_signal():
    timeout = GLib.timeout_add_seconds(10, loop.quit)
    loop.run()
    GLib.source_remove(timeout)


missed = 0
for _ in range(ROUNDS):
    for command in (["modprobe", "dummy"], ["modprobe", "-r", "dummy"]):
        before = len(latencies)
        subprocess.run(command, check=True)
        wait_for_signal()
        missed += len(latencies) == before

latencies.sort()


def percentile(p):
    return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))]


print(f"uevent -> signal latency, {len(latencies)} events ({ROUNDS} modprobe/modprobe -r rounds, "
      f"{missed} missed): p50 {percentile(50):.1f} ms, p99 {percentile(99):.1f} ms, "
      f"max {latencies[-1]:.1f} ms")
sys.exit(1 if missed else 0)
