#!/usr/bin/python3
"""TEST DOUBLE of polkitd for the bus tests: owns org.freedesktop.PolicyKit1 on the private
bus and answers CheckAuthorization as the test tells it, recording every call.

Behaviours per action id, or per action id for one subject uid (that one wins; default
"yes"):
  yes        authorized
  no         not authorized
  auth       a challenge without ALLOW_USER_INTERACTION; with it, authorized (as if the
             user typed the right password into an agent)
  challenge  always a challenge (no agent answered)
  hang       never answers
  error      answers with org.freedesktop.PolicyKit1.Error.Failed

Control interface org.modmgr1.test.FakeAuthority on /org/freedesktop/PolicyKit1/Authority:
  SetBehaviour(s action_id, s behaviour), SetBehaviourFor(u uid, s action_id, s behaviour),
  Release() (answers every hanging check: not authorized), Reset(), GetCalls() -> s (JSON
  list of {"subject_kind", "subject", "subject_uid", "action", "details", "flags"};
  subject_uid is what the bus says of a system-bus-name subject, -1 when it cannot).
"""
import json
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

AUTHORITY = "org.freedesktop.PolicyKit1.Authority"
CONTROL = "org.modmgr1.test.FakeAuthority"
ALLOW_USER_INTERACTION = 0x1


class FakeAuthority(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, "/org/freedesktop/PolicyKit1/Authority")
        self.bus = bus
        self.behaviours = {}
        self.calls = []
        self.hanging = []

    def subject_uid(self, kind, props):
        if str(kind) != "system-bus-name":
            return -1
        try:
            return int(self.bus.get_unix_user(str(props["name"])))
        except (dbus.exceptions.DBusException, KeyError):
            return -1

    @dbus.service.method(AUTHORITY, in_signature="(sa{sv})sa{ss}us", out_signature="(bba{ss})",
                         async_callbacks=("reply", "error"))
    def CheckAuthorization(self, subject, action_id, details, flags, cancellation_id, reply, error):
        kind, props = subject
        uid = self.subject_uid(kind, props)
        self.calls.append({
            "subject_kind": str(kind),
            "subject": {str(k): str(v) for k, v in props.items()},
            "subject_uid": uid,
            "action": str(action_id),
            "details": {str(k): str(v) for k, v in details.items()},
            "flags": int(flags),
        })
        behaviour = self.behaviours.get((uid, str(action_id)),
                                        self.behaviours.get(str(action_id), "yes"))
        interactive = bool(flags & ALLOW_USER_INTERACTION)
        if behaviour == "yes" or (behaviour == "auth" and interactive):
            reply((True, False, {}))
        elif behaviour == "no":
            reply((False, False, {}))
        elif behaviour in ("auth", "challenge"):
            reply((False, True, {}))
        elif behaviour == "hang":
            self.hanging.append(reply)
        else:
            error(dbus.exceptions.DBusException("fake failure",
                                                name="org.freedesktop.PolicyKit1.Error.Failed"))

    @dbus.service.method(CONTROL, in_signature="ss")
    def SetBehaviour(self, action_id, behaviour):
        self.behaviours[str(action_id)] = str(behaviour)

    @dbus.service.method(CONTROL, in_signature="uss")
    def SetBehaviourFor(self, uid, action_id, behaviour):
        self.behaviours[(int(uid), str(action_id))] = str(behaviour)

    @dbus.service.method(CONTROL)
    def Release(self):
        for reply in self.hanging:
            reply((False, False, {}))
        self.hanging.clear()

    @dbus.service.method(CONTROL)
    def Reset(self):
        self.behaviours.clear()
        self.calls.clear()
        self.hanging.clear()

    @dbus.service.method(CONTROL, out_signature="s")
    def GetCalls(self):
        return json.dumps(self.calls)


def main():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SystemBus()
    authority = FakeAuthority(bus)
    name = dbus.service.BusName("org.freedesktop.PolicyKit1", bus, do_not_queue=True)
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name, authority


if __name__ == "__main__":
    sys.exit(main())
