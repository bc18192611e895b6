#pragma once
// A KernelPort kept in memory that records every call. Inserting a module
// makes it a holder of its modules.dep dependencies, as the kernel does; removing one that
// has holders or references fails with EWOULDBLOCK.
#include <algorithm>
#include <cerrno>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kernel/kernel_port.h"
#include "lookup/kmod_module_ptr.h"
#include "lookup/module_resolution.h"
#include "support/live_module_for_test.h"

namespace modmgr {

class FakeKernelPort : public KernelPort {
public:
    Snapshot modules; // newest first, like /proc/modules
    std::map<std::string, int> insert_errors; // name -> negative errno
    std::map<std::string, int> remove_errors;
    std::vector<std::string> inserted;        // every insert call, in order
    std::vector<std::string> inserted_paths;
    std::map<std::string, std::string> options;
    std::vector<std::string> removed;         // every remove call, in order
    // Runs before each snapshot is taken: lets a test change the world meanwhile.
    std::function<void(FakeKernelPort&, int call)> before_snapshot;
    // Runs at each insert, before anything else: lets a test look at the world mid-operation.
    std::function<void(const std::string& name)> on_insert;
    int snapshots = 0;

    void add(const std::string& name, std::vector<std::string> holders = {}, int32_t extra_refs = 0) {
        modules.insert(modules.begin(), live_module(name, std::move(holders), extra_refs));
    }

    LoadedModule* get(const std::string& name) {
        for (auto& module : modules)
            if (module.name == name)
                return &module;
        return nullptr;
    }

    Snapshot snapshot() override {
        if (before_snapshot)
            before_snapshot(*this, snapshots);
        ++snapshots;
        return modules;
    }

    int insert(kmod_module* module, const std::string& module_options) override {
        const std::string name = declared_name(module);
        if (on_insert)
            on_insert(name);
        inserted.push_back(name);
        const char* path = kmod_module_get_path(module);
        inserted_paths.push_back(path != nullptr ? path : "");
        options[name] = module_options;
        if (insert_errors.count(name) != 0)
            return insert_errors[name];
        if (get(name) != nullptr)
            return -EEXIST;
        std::vector<std::string> dependencies;
        for (const auto& dependency : take_module_list(kmod_module_get_dependencies(module)))
            dependencies.push_back(kmod_module_get_name(dependency.get()));
        for (const auto& dependency : dependencies)
            if (get(dependency) == nullptr)
                return -ENOENT; // the kernel: unknown symbol
        for (const auto& dependency : dependencies) {
            get(dependency)->holders.push_back(name);
            ++get(dependency)->refcount;
        }
        add(name);
        return 0;
    }

    int remove(const std::string& name) override {
        removed.push_back(name);
        if (remove_errors.count(name) != 0)
            return remove_errors[name];
        LoadedModule* module = get(name);
        if (module == nullptr)
            return -ENOENT;
        if (module->refcount > 0)
            return -EWOULDBLOCK;
        modules.erase(modules.begin() + (module - modules.data()));
        for (auto& other : modules) {
            auto holder = std::find(other.holders.begin(), other.holders.end(), name);
            if (holder != other.holders.end()) {
                other.holders.erase(holder);
                --other.refcount;
            }
        }
        return 0;
    }

};

} // namespace modmgr
