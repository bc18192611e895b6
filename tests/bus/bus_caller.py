"""Makes one D-Bus method call for the bus tests, in the identity it was started with
(bus_fixture.run_as starts it under setpriv). Arguments arrive pickled on stdin; the result
leaves pickled on stdout with the seconds the call itself took (connecting and python's
start-up excluded): (("ok", reply, unique_name) or ("error", error_name, message), seconds).
Arguments that hold a variant cannot be pickled as GLib values: without a signature, `args` may
be their GVariant text instead, e.g. "('org.modmgr1.Manager', 'Version', <'x'>)"."""
import os
import pickle
import sys
import time

from gi.repository import Gio, GLib


def call(address, method, args, signature, interactive, fd_path, timeout_ms, path, interface,
         destination, fd_flags=os.O_RDONLY):
    conn = Gio.DBusConnection.new_for_address_sync(
        address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)
    flags = Gio.DBusCallFlags.ALLOW_INTERACTIVE_AUTHORIZATION if interactive else Gio.DBusCallFlags.NONE
    if signature:
        params = GLib.Variant(signature, args)
    else:
        params = GLib.Variant.parse(None, args, None, None) if args else None
    fds = None
    if fd_path is not None:
        fds = Gio.UnixFDList.new()
        fd = os.open(fd_path, fd_flags)
        fds.append(fd)
        os.close(fd)
    started = time.monotonic()
    try:
        if fds is not None:
            reply, _ = conn.call_with_unix_fd_list_sync(destination, path, interface, method, params,
                                                        None, flags, timeout_ms, fds, None)
        else:
            reply = conn.call_sync(destination, path, interface, method, params, None, flags,
                                   timeout_ms, None)
        result = ("ok", reply.unpack(), conn.get_unique_name())
    except GLib.Error as e:
        name = Gio.DBusError.get_remote_error(e) or "unknown"
        Gio.DBusError.strip_remote_error(e)
        result = ("error", name, e.message)
    return result, time.monotonic() - started


if __name__ == "__main__":
    outcome = call(*pickle.load(sys.stdin.buffer))
    sys.stdout.buffer.write(pickle.dumps(outcome))
