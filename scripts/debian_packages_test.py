"""scripts/debian-packages' package_build_packages, which scripts/install installs before
packaging/build-deb, must be what packaging/debian/control declares as Build-Depends: a
package missing from the list fails `sudo ./scripts/install` on a fresh machine, one missing
from the control file fails the package build anywhere the scripts did not install it."""
import os
import re
import subprocess
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What dpkg-buildpackage assumes rather than reads from Build-Depends, and the name the
# control file uses for debhelper.
IMPLIED = {"build-essential"}
CONTROL_NAMES = {"debhelper": "debhelper-compat"}


def package_group(name):
    script = '. "$1"; printf "%s\\n" "${' + name + '[@]}"'
    out = subprocess.run(["bash", "-c", script, "bash", os.path.join(REPO, "scripts/debian-packages")],
                         check=True, capture_output=True, text=True).stdout
    return set(out.split())


def build_depends():
    with open(os.path.join(REPO, "packaging/debian/control")) as f:
        control = f.read()
    # The field runs over the continuation lines that follow it (they start with a blank).
    field = re.search(r"^Build-Depends:(.*(?:\n[ \t].*)*)", control, re.MULTILINE).group(1)
    return {re.sub(r"\s*\(.*\)", "", dep).strip() for dep in field.split(",") if dep.strip()}


class PackageBuildList(unittest.TestCase):
    def test_the_list_is_the_control_files_build_depends(self):
        listed = {CONTROL_NAMES.get(p, p) for p in package_group("package_build_packages") - IMPLIED}
        self.assertEqual(listed, build_depends())


if __name__ == "__main__":
    unittest.main()
