# A GUI-style client: Gio.DBusObjectManagerClient, as GNOME apps use it, sees the module
# objects, gets InterfacesAdded/Removed for a load and an unload, and reads Module properties.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy
runuser -u grouped -- /usr/bin/python3 "$(dirname "$0")/../gui_client.py"
