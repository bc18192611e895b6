# Info equals the guest's own modinfo for a sample of the running kernel's modules: loaded,
# unloaded and builtin ones.
. "$(dirname "$0")/../lib.sh"
python3 "$(dirname "$0")/../info_vs_modinfo.py"
