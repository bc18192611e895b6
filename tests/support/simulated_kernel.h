#pragma once
// TEST DOUBLE of the kernel, the one every test uses: nothing is loaded into any kernel.
// Its state lives in memory (SimulatedKernel()) for a unit test, or in a JSON file
// (SimulatedKernel(path)) shared by the bus tests' daemon, modmgrd-simulated, and the Python
// tests, which read it and stage conditions such as "a process holds fuse":
//   {
//     "modules": [ {"name": "dummy", "size": 16384, "users": 0, "depends": [],
//                   "parameters": {"numdummies": "3"}, "state": "live",
//                   "taint": "OE", "signed": false} ],   // newest first; taint and signed
//                                                        // optional ("", false)
//     "insert_delay_ms": 0,          // optional: make every insert slow
//     "fail_insert": {"name": 2},    // optional: errno to return when inserting "name"
//     "fail_remove": {"name": 1},    // optional: errno to return when removing "name"
//     "tainted": 4097,               // optional: /proc/sys/kernel/tainted (default 0)
//     "modules_disabled": true,      // optional: kernel.modules_disabled (default false)
//     "sig_enforce": true,           // optional: module.sig_enforce (default false)
//     "lockdown": "integrity",       // optional: the lockdown mode (default "": none shown)
//     "sysfs_root": "/tmp/x/sys"     // optional: a test's sysfs tree (default "": no devices)
//   }
// `users` are references beyond holders (processes). Holders are derived from `depends`.
// insert() reads the module's real name, depends and size from its .ko via libkmod and
// refuses like the kernel would: EEXIST if loaded, ENOENT if a dependency is missing.
// remove() refuses EWOULDBLOCK while a module has holders or users, EBUSY while it is not
// live; both refuse EPERM while modules_disabled is set, as the kernel does. Each object records the calls made to it, for unit tests to assert on.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "kernel/kernel_port.h"
#include "support/simulated_state.h"

namespace modmgr {

// A module as a test stages it, without inserting it.
struct SimulatedModule {
    std::string name;
    std::vector<std::string> depends; // makes it a holder of each, if loaded
    int32_t users = 0;
    std::map<std::string, std::string> parameters{};
    std::string state = "live";
    uint64_t size = 16384;
    std::string taint{};
    bool signature_verified = false;
};

class SimulatedKernel : public KernelPort {
public:
    SimulatedKernel() = default;
    explicit SimulatedKernel(std::string state_file);

    // Like SysKernel's: no parameters in the snapshot, parameters() for one module. module()
    // counts as a snapshot() call (it stands for the same read).
    Snapshot snapshot() override;
    std::optional<LoadedModule> module(const std::string& name) override;
    std::map<std::string, std::string> parameters(const std::string& name) override;
    int insert(kmod_module* module, const std::string& options) override;
    int remove(const std::string& name) override;
    KernelStatus status() override;
    // The state's "sysfs_root": a directory a test built as a sysfs tree (bus/, module/).
    std::string sysfs_root() override;

    // Staging: changes to the world that are no call to the port (another tool, a process).
    void add(SimulatedModule module); // as the newest
    void add(const std::string& name, std::vector<std::string> depends = {}, int32_t users = 0);
    void set_users(const std::string& name, int32_t users);
    void set_state(const std::string& name, const std::string& state);
    void drop(const std::string& name); // unloaded by someone else
    void clear();
    void fail_insert(const std::string& name, int error); // insert() returns -error
    void fail_remove(const std::string& name, int error); // remove() returns -error
    void set_status(const KernelStatus& status);

    // What is loaded, read without counting as a snapshot() call.
    Snapshot modules();
    bool loaded(const std::string& name);

    // The calls made to this object, in order.
    std::vector<std::string> inserted();
    std::vector<std::string> inserted_paths();
    std::map<std::string, std::string> options(); // of each module's last insert
    std::vector<std::string> removed();
    int snapshots();

    // Runs before each snapshot is taken (`call` counts from 0): lets a test change the
    // world meanwhile.
    std::function<void(SimulatedKernel&, int call)> before_snapshot;
    // Runs at each insert, before anything else: lets a test look at the world mid-operation.
    std::function<void(const std::string& name)> on_insert;

private:
    struct Calls {
        std::vector<std::string> inserted;
        std::vector<std::string> inserted_paths;
        std::map<std::string, std::string> options;
        std::vector<std::string> removed;
        int snapshots = 0;
    };
    // Changes module `name`'s entry; throws if it is not loaded.
    void change_entry(const std::string& name, const std::function<void(nlohmann::json&)>& edit);
    void fail_call(const char* key, const std::string& name, int error);
    // Counts a snapshot() call, after letting the test change the world (before_snapshot).
    void begin_snapshot();
    // The one module `name`, copied alone (not counted as a snapshot).
    std::optional<LoadedModule> loaded_module(const std::string& name);
    // What is loaded in `state`, worked out once per state. The caller holds calls_mutex_.
    const Snapshot& modules_in(const std::shared_ptr<const nlohmann::json>& state);

    SimulatedState state_;
    std::mutex calls_mutex_; // the daemon calls from several workers at once; guards all below
    Calls calls_;
    // modules() of the state object modules_of_.
    std::shared_ptr<const nlohmann::json> modules_of_;
    Snapshot modules_;
};

} // namespace modmgr
