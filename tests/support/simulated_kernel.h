#pragma once
// TEST DOUBLE of the kernel, for bus tests on machines without module support: nothing is
// loaded into any kernel. State lives in a JSON file (so a test can read it and stage
// conditions such as "a process holds fuse") guarded by flock:
//   {
//     "modules": [ {"name": "dummy", "size": 16384, "users": 0, "depends": [],
//                   "parameters": {"numdummies": "3"}, "state": "live"} ],   // newest first
//     "insert_delay_ms": 0,          // optional: make every insert slow
//     "fail_insert": {"name": 2}     // optional: errno to return when inserting "name"
//   }
// `users` are references beyond holders (processes). Holders are derived from `depends`.
// insert() reads the module's real name, depends and size from its .ko via libkmod and
// refuses like the kernel would: EEXIST if loaded, ENOENT if a dependency is missing.
#include <string>

#include "kernel/kernel_port.h"

namespace modmgr {

class SimulatedKernel : public KernelPort {
public:
    explicit SimulatedKernel(std::string state_file);
    Snapshot snapshot() override;
    int insert(kmod_module* module, const std::string& options) override;
    int remove(const std::string& name) override;

private:
    std::string state_file_;
};

} // namespace modmgr
