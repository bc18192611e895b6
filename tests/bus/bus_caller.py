"""Makes one D-Bus method call for the bus tests, in the identity it was started with
(bus_fixture.run_as starts it under setpriv). Arguments arrive pickled on stdin; the result
leaves pickled on stdout: ("ok", reply, unique_name) or ("error", error_name, message)."""
import os
import pickle
import sys

from gi.repository import Gio, GLib


def call(address, method, args, signature, interactive, fd_path, timeout_ms, path, interface,
         destination):
    conn = Gio.DBusConnection.new_for_address_sync(
        address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)
    flags = Gio.DBusCallFlags.ALLOW_INTERACTIVE_AUTHORIZATION if interactive else Gio.DBusCallFlags.NONE
    params = GLib.Variant(signature, args) if signature else None
    try:
        if fd_path is not None:
            fds = Gio.UnixFDList.new()
            fd = os.open(fd_path, os.O_RDONLY)
            fds.append(fd)
            os.close(fd)
            reply, _ = conn.call_with_unix_fd_list_sync(destination, path, interface, method, params,
                                                        None, flags, timeout_ms, fds, None)
        else:
            reply = conn.call_sync(destination, path, interface, method, params, None, flags,
                                   timeout_ms, None)
        return ("ok", reply.unpack(), conn.get_unique_name())
    except GLib.Error as e:
        name = Gio.DBusError.get_remote_error(e) or "unknown"
        Gio.DBusError.strip_remote_error(e)
        return ("error", name, e.message)


if __name__ == "__main__":
    result = call(*pickle.load(sys.stdin.buffer))
    sys.stdout.buffer.write(pickle.dumps(result))
