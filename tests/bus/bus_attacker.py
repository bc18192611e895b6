"""Hostile callers for the attack tests (bus_attack_*_test.py). Each runs as a process of its
own in the identity it was started with (bus_fixture.Attacker starts it under setpriv).
Stdin: pickled (behaviour, bus address, keyword arguments). Stdout: the line "started" once
the attack is under way (the test measures other callers from then on), then the pickled
result: a Counter of outcomes, "ok" or the error's name ("timeout" and "closed" when no
D-Bus error came back)."""
import collections
import fcntl
import os
import pickle
import resource
import signal
import sys
import threading
import time

from gi.repository import Gio, GLib

from wire_contract import CONTRACT

BUS_NAME = CONTRACT.names()["kBusName"]
MANAGER_PATH = CONTRACT.names()["kManagerPath"]
MANAGER = CONTRACT.names()["kManagerInterface"]
# Outcomes after which there is no modmgrd to call any more.
GONE = {"closed", "org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.ServiceUnknown"}


def connect(address):
    return Gio.DBusConnection.new_for_address_sync(
        address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)


def outcome_of(error):
    name = Gio.DBusError.get_remote_error(error)
    if name:
        return name
    if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.TIMED_OUT):
        return "timeout"
    if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CLOSED):
        return "closed"
    return "unknown: " + error.message


def started():
    sys.stdout.write("started\n")
    sys.stdout.flush()


def fd_list(fd, count):
    if count == 0:
        return None
    fds = Gio.UnixFDList.new()
    for _ in range(count):
        fds.append(fd)  # a duplicate each time: `count` fds travel with the message
    return fds


def flood(address, method, signature=None, args=None, connections=1, calls=1, window=None,
          fd_path=None, fds_per_call=0, timeout_ms=60000):
    """`calls` calls on each of `connections` connections, at most `window` (default: all) in
    flight per connection, each carrying `fds_per_call` fds of fd_path. "started" when every
    connection has its first window on the wire."""
    fd = os.open(fd_path, os.O_RDONLY) if fd_path else None
    return flood_with_fd(address, method, signature, args, connections, calls, window, fd,
                         fds_per_call, timeout_ms)


def flood_with_fd(address, method, signature, args, connections, calls, window, fd, fds_per_call,
                  timeout_ms):
    # Many fds in flight: as many as this process may have.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    params = GLib.Variant(signature, args) if signature else None
    loop = GLib.MainLoop()
    outcomes = collections.Counter()
    pending = [0]

    def send(conn, left):
        left[0] -= 1
        pending[0] += 1
        conn.call_with_unix_fd_list(BUS_NAME, MANAGER_PATH, MANAGER, method, params, None,
                                    Gio.DBusCallFlags.NONE, timeout_ms, fd_list(fd, fds_per_call),
                                    None, answered, left)

    def answered(conn, result, left):
        try:
            conn.call_with_unix_fd_list_finish(result)
            outcomes["ok"] += 1
        except GLib.Error as e:
            outcomes[outcome_of(e)] += 1
        pending[0] -= 1
        if left[0] > 0:
            send(conn, left)
        elif pending[0] == 0:
            loop.quit()

    opened = [connect(address) for _ in range(connections)]
    for conn in opened:
        left = [calls]
        for _ in range(min(window or calls, calls)):
            send(conn, left)
    for conn in opened:
        conn.flush_sync(None)
    started()
    loop.run()
    return outcomes


def truncating_info_file(address, module_path, work_dir, seconds):
    """InfoFile of a copy of module_path, one call after the other for `seconds` (or until
    modmgrd is gone), while a thread truncates the file and writes it again, in a loop."""
    with open(module_path, "rb") as f:
        content = f.read()
    path = os.path.join(work_dir, "racing.ko")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    os.pwrite(fd, content, 0)
    stop = threading.Event()

    def race():
        while not stop.is_set():
            os.ftruncate(fd, 0)
            os.pwrite(fd, content, 0)

    racer = threading.Thread(target=race)
    racer.start()
    started()
    conn = connect(address)
    outcomes = collections.Counter()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and not GONE.intersection(outcomes):
            try:
                conn.call_with_unix_fd_list_sync(BUS_NAME, MANAGER_PATH, MANAGER, "InfoFile",
                                                 GLib.Variant("(h)", (0,)), None,
                                                 Gio.DBusCallFlags.NONE, 20000, fd_list(fd, 1), None)
                outcomes["ok"] += 1
            except GLib.Error as e:
                outcomes[outcome_of(e)] += 1
    finally:
        stop.set()
        racer.join()
    return outcomes


def leased_info_file(address, module_path, work_dir, calls, timeout_ms):
    """InfoFile `calls` times at once, with an fd of a copy of module_path on which this
    process holds a write lease (F_SETLEASE): whoever opens the file again waits for the
    lease holder, who never gives it up."""
    # A lease break is announced with a signal; the holder simply ignores it.
    signal.signal(signal.SIGIO, signal.SIG_IGN)
    path = os.path.join(work_dir, "leased.ko")
    with open(module_path, "rb") as source, open(path, "wb") as copy:
        copy.write(source.read())
    fd = os.open(path, os.O_RDONLY)
    fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_WRLCK)
    return flood_with_fd(address, "InfoFile", "(h)", (0,), 1, calls, None, fd, 1, timeout_ms)


def forged_signals(address, signals):
    """Emits each (destination or None for everyone, path, interface, member, signature, args)
    in modmgrd's or the bus's name; the string "SELF" in args stands for this connection's
    unique name. Counts what was sent."""
    conn = connect(address)
    me = conn.get_unique_name()
    started()
    sent = collections.Counter()
    for destination, path, interface, member, signature, args in signals:
        args = tuple(me if arg == "SELF" else arg for arg in args)
        conn.emit_signal(destination, path, interface, member, GLib.Variant(signature, args))
        sent[member] += 1
    conn.flush_sync(None)
    return sent


BEHAVIOURS = {f.__name__: f for f in (flood, truncating_info_file, leased_info_file, forged_signals)}

if __name__ == "__main__":
    behaviour, bus_address, kwargs = pickle.load(sys.stdin.buffer)
    result = BEHAVIOURS[behaviour](bus_address, **kwargs)
    sys.stdout.buffer.write(pickle.dumps(result))
