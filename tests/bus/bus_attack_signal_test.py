"""Attacks through what `modctl monitor` shows other users: signals forged in modmgrd's name
(sent to every listener, or to the monitor's connection directly, which the sender of its
matches does not guard, and a forged word of the bus that someone else now owns
org.modmgr1), and option values a caller sets, which ConfigSettingChanged carries to every
listener: bounded, and never a control character."""
import unittest

from gi.repository import Gio, GLib

from bus_fixture import ERRORS, MANAGER, MANAGER_PATH, NOBODY, OTHER_USER, BusTestCase
from modctl_sessions import READY, Monitor

BUS_DRIVER = "org.freedesktop.DBus"
ANNOUNCED_VALUE_BOUND = 1024  # wire::kMaxAnnouncedValueLength
SCREEN_CLEAR = "\x1b[2J"


class MonitorTestCase(BusTestCase):
    def monitor(self, *args):
        monitor = Monitor(self.bed, *args)
        self.addCleanup(monitor.kill)
        monitor.wait_for_notice(READY)
        return monitor

    def unique_name_of(self, pid):
        """The bus connection of process `pid`."""
        def bus(method, *args):
            signature = "(%s)" % ("s" * len(args)) if args else None
            return self.bed.conn.call_sync(
                BUS_DRIVER, "/org/freedesktop/DBus", BUS_DRIVER, method,
                GLib.Variant(signature, args) if args else None, None,
                Gio.DBusCallFlags.NONE, 5000, None).unpack()[0]
        for name in bus("ListNames"):
            if name.startswith(":") and bus("GetConnectionUnixProcessID", name) == pid:
                return name
        raise AssertionError(f"process {pid} has no bus connection")


class ForgedSignals(MonitorTestCase):
    def test_signals_in_modmgrds_name_from_anyone_else_are_not_shown(self):
        monitor = self.monitor("--json")
        target = self.unique_name_of(monitor.process.pid)
        modules_changed = (MANAGER_PATH, MANAGER, "ModulesChanged", "(asassi)",
                           (["forged"], [], "org.modmgr1.load", 0))
        setting_changed = (MANAGER_PATH, MANAGER, "ConfigSettingChanged", "(ssssi)",
                           ("forged", "options", "x=" + SCREEN_CLEAR, "org.modmgr1.configure", 0))
        device_changed = (MANAGER_PATH, MANAGER, "DeviceChanged", "(sssss)",
                          ("bind", "pci/forged", "pci:" + SCREEN_CLEAR, "forged", "forged"))
        signals = [(destination, *signal) for destination in (None, target)
                   for signal in (modules_changed, setting_changed, device_changed)]
        # The bus's word that modmgrd went away, then that the attacker owns its name now.
        owner_changed = ("/org/freedesktop/DBus", BUS_DRIVER, "NameOwnerChanged", "(sss)")
        signals += [(target, *owner_changed, ("org.modmgr1", "", "")),
                    (target, *owner_changed, ("org.modmgr1", "", "SELF")),
                    (target, *modules_changed), (target, *setting_changed),
                    (target, *device_changed)]
        sent = self.bed.attacker(OTHER_USER, "forged_signals", signals=signals).result()
        self.assertEqual(sum(sent.values()), len(signals))

        # What modmgrd itself says next is the first thing shown.
        self.assertOk(self.bed.set_options("dummy", ["numdummies=2"]))
        (event,) = monitor.events(1)
        self.assertEqual((event["event"], event["name"], event["value"], event["caller_uid"]),
                         ("config-changed", "dummy", "numdummies=2", NOBODY))
        self.assertIsNone(monitor.err.line(timeout=0.5), "a forged owner change was believed")
        self.assertEqual(monitor.stop(), 0)


class HostileOptionValues(MonitorTestCase):
    def test_control_characters_never_reach_the_signal(self):
        monitor = self.monitor()
        for value in ("mode=" + SCREEN_CLEAR, "mode=a\nforged line", "mode=\x9b2J", 'mode="'):
            self.assertTypedError(self.bed.set_options("bonding", [value]),
                                  ERRORS["InvalidArgument"])
        self.assertOk(self.bed.set_options("bonding", ["mode=1"]))
        self.assertRegex(monitor.out.line(), r'^\S+ config-changed bonding options="mode=1" '
                                             r'by nobody \(uid 65534, org\.modmgr1\.configure\)$')
        self.assertEqual(monitor.stop(), 0)

    def test_a_value_every_listener_gets_is_bounded(self):
        monitor = self.monitor("--json")
        # 2 KiB of parameters, each within the bound of one; bonding's are strings (charp).
        parameters = ["mode=" + "a" * 1000, "primary=" + "b" * 1000]
        self.assertOk(self.bed.set_options("bonding", parameters))
        (event,) = monitor.events(1)
        value = " ".join(parameters)
        self.assertEqual(event["value"], value[:ANNOUNCED_VALUE_BOUND - 3] + "...")
        # Whoever needs it whole asks for it.
        options = self.assertOk(self.bed.configuration("bonding"))[0]["options"]
        self.assertEqual(options, parameters)
        self.assertEqual(monitor.stop(), 0)
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
