// TEST DOUBLE: a simulated kernel, see simulated_kernel.h.
#include "support/simulated_kernel.h"

#include <libkmod.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "load/module_parameters.h"
#include "lookup/module_resolution.h"

namespace modmgr {
namespace {

using nlohmann::json;

constexpr uint64_t kPageSize = 4096;

std::vector<std::string> depends_of(const json& module) {
    return module.value("depends", std::vector<std::string>{});
}

json* find_entry(json& state, const std::string& name) {
    for (auto& module : state["modules"])
        if (module.value("name", "") == name)
            return &module;
    return nullptr;
}

// A module a test changes must be loaded: anything else is a mistake in the test.
json& staged_entry(json& state, const std::string& name) {
    json* entry = find_entry(state, name);
    if (entry == nullptr)
        throw std::logic_error("simulated kernel: " + name + " is not loaded");
    return *entry;
}

void erase_entry(json& state, const std::string& name) {
    auto& modules = state["modules"];
    modules.erase(std::remove_if(modules.begin(), modules.end(),
                                 [&](const json& m) { return m.value("name", "") == name; }),
                  modules.end());
}

// Each loaded module's holders (the modules that depend on it), in the kernel's (newest
// first) order, in one pass: the benchmarks load 150 modules.
std::map<std::string, std::vector<std::string>> holders_by_module(const json& state) {
    std::map<std::string, std::vector<std::string>> holders;
    for (const auto& entry : state["modules"])
        for (const auto& name : depends_of(entry))
            holders[name].push_back(entry.value("name", ""));
    return holders;
}

// The errno staged under `key` ("fail_insert", "fail_remove") for `name`, or 0.
int staged_failure(const json& state, const char* key, const std::string& name) {
    if (state.contains(key) && state[key].contains(name))
        return std::abs(state[key][name].get<int>());
    return 0;
}

Snapshot snapshot_of(const json& state) {
    auto holders = holders_by_module(state);
    Snapshot snapshot;
    for (const auto& entry : state["modules"]) {
        LoadedModule module;
        module.name = entry.value("name", "");
        module.size = entry.value("size", uint64_t{0});
        module.holders = holders[module.name];
        module.refcount =
            static_cast<int32_t>(module.holders.size()) + entry.value("users", int32_t{0});
        module.state = entry.value("state", "live");
        module.parameters = entry.value("parameters", std::map<std::string, std::string>{});
        module.taint = entry.value("taint", "");
        module.signature_verified = entry.value("signed", false);
        snapshot.push_back(std::move(module));
    }
    return snapshot;
}

// What the kernel would learn from the .ko itself.
struct ModuleFacts {
    std::string name;
    std::vector<std::string> depends;
    uint64_t size = 0;
};

// 0 or a negative errno, like libkmod.
int read_facts(kmod_module* module, ModuleFacts& facts) {
    kmod_list* info = nullptr;
    const int count = kmod_module_get_info(module, &info);
    if (count < 0)
        return count;
    std::unique_ptr<kmod_list, void (*)(kmod_list*)> owned(info, kmod_module_info_free_list);

    facts.name = declared_name(module);
    kmod_list* entry;
    kmod_list_foreach(entry, info) {
        const std::string key = kmod_module_info_get_key(entry);
        const char* value = kmod_module_info_get_value(entry);
        if (value == nullptr)
            continue;
        if (key == "depends") {
            std::istringstream names(value);
            std::string name;
            while (std::getline(names, name, ','))
                if (!name.empty())
                    facts.depends.push_back(name);
        }
    }

    const char* path = kmod_module_get_path(module);
    struct stat st {};
    if (path == nullptr)
        return -ENOENT;
    if (::stat(path, &st) != 0)
        return -errno;
    // The kernel reports whole pages of core memory; the file size is a stand-in for that.
    facts.size = (static_cast<uint64_t>(st.st_size) + kPageSize - 1) / kPageSize * kPageSize;
    return 0;
}

// The kernel's view of an options string: quotes removed, a bare key means "Y".
std::map<std::string, std::string> parameters_of(const std::string& options) {
    std::map<std::string, std::string> parameters;
    for (auto option : split_options(options)) {
        option.erase(std::remove(option.begin(), option.end(), '"'), option.end());
        const size_t equals = option.find('=');
        if (equals == std::string::npos)
            parameters[option] = "Y";
        else
            parameters[option.substr(0, equals)] = option.substr(equals + 1);
    }
    return parameters;
}

json entry_of(const SimulatedModule& module) {
    return {{"name", module.name},   {"size", module.size},
            {"users", module.users}, {"depends", module.depends},
            {"parameters", module.parameters}, {"state", module.state},
            {"taint", module.taint}, {"signed", module.signature_verified}};
}

} // namespace

SimulatedKernel::SimulatedKernel(std::string state_file) : state_(std::move(state_file)) {}

void SimulatedKernel::begin_snapshot() {
    int call;
    {
        std::lock_guard<std::mutex> lock(calls_mutex_);
        call = calls_.snapshots++;
    }
    if (before_snapshot)
        before_snapshot(*this, call);
}

Snapshot SimulatedKernel::snapshot() {
    begin_snapshot();
    Snapshot snapshot = modules();
    for (auto& module : snapshot)
        module.parameters.clear();
    return snapshot;
}

std::optional<LoadedModule> SimulatedKernel::module(const std::string& name) {
    begin_snapshot();
    return loaded_module(name);
}

std::map<std::string, std::string> SimulatedKernel::parameters(const std::string& name) {
    auto module = loaded_module(name);
    return module ? std::move(module->parameters) : std::map<std::string, std::string>{};
}

std::optional<LoadedModule> SimulatedKernel::loaded_module(const std::string& name) {
    const auto state = state_.read();
    std::lock_guard<std::mutex> lock(calls_mutex_);
    const LoadedModule* module = find_module(modules_in(state), name);
    return module ? std::optional<LoadedModule>(*module) : std::nullopt;
}

int SimulatedKernel::insert(kmod_module* module, const std::string& options) {
    const std::string name = declared_name(module);
    if (on_insert)
        on_insert(name);
    {
        std::lock_guard<std::mutex> lock(calls_mutex_);
        calls_.inserted.push_back(name);
        const char* path = kmod_module_get_path(module);
        calls_.inserted_paths.push_back(path != nullptr ? path : "");
        calls_.options[name] = options;
    }

    ModuleFacts facts;
    if (const int err = read_facts(module, facts); err < 0)
        return err;
    // Slept without the lock so that other operations (and snapshots) proceed meanwhile,
    // as they would while a real module initializes.
    if (const int delay_ms = state_.read()->value("insert_delay_ms", 0); delay_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));

    return state_.change([&](json& state) {
        if (state.value("modules_disabled", false))
            return -EPERM;
        if (const int error = staged_failure(state, "fail_insert", facts.name); error != 0)
            return -error;
        if (find_entry(state, facts.name) != nullptr)
            return -EEXIST;
        for (const auto& dependency : facts.depends)
            if (find_entry(state, dependency) == nullptr)
                return -ENOENT; // the kernel: unknown symbols
        auto& modules = state["modules"];
        modules.insert(modules.begin(),
                       entry_of({facts.name, facts.depends, 0, parameters_of(options), "live",
                                 facts.size}));
        return 0;
    });
}

int SimulatedKernel::remove(const std::string& name) {
    {
        std::lock_guard<std::mutex> lock(calls_mutex_);
        calls_.removed.push_back(name);
    }
    return state_.change([&](json& state) {
        if (state.value("modules_disabled", false))
            return -EPERM;
        if (const int error = staged_failure(state, "fail_remove", name); error != 0)
            return -error;
        const json* entry = find_entry(state, name);
        if (entry == nullptr)
            return -ENOENT;
        if (holders_by_module(state).count(name) || entry->value("users", 0) > 0)
            return -EWOULDBLOCK;
        if (entry->value("state", "live") != "live")
            return -EBUSY;
        erase_entry(state, name);
        return 0;
    });
}

KernelStatus SimulatedKernel::status() {
    const auto state = state_.read();
    return {state->value("tainted", uint64_t{0}), state->value("modules_disabled", false),
            state->value("sig_enforce", false), state->value("lockdown", "")};
}

std::string SimulatedKernel::sysfs_root() {
    return state_.read()->value("sysfs_root", std::string());
}

void SimulatedKernel::set_status(const KernelStatus& status) {
    state_.change([&](json& state) {
        state["tainted"] = status.tainted;
        state["modules_disabled"] = status.modules_disabled;
        state["sig_enforce"] = status.signatures_enforced;
        state["lockdown"] = status.lockdown;
        return 0;
    });
}

void SimulatedKernel::add(SimulatedModule module) {
    state_.change([&](json& state) {
        auto& modules = state["modules"];
        modules.insert(modules.begin(), entry_of(module));
        return 0;
    });
}

void SimulatedKernel::add(const std::string& name, std::vector<std::string> depends, int32_t users) {
    add(SimulatedModule{name, std::move(depends), users});
}

void SimulatedKernel::set_users(const std::string& name, int32_t users) {
    change_entry(name, [&](json& entry) { entry["users"] = users; });
}

void SimulatedKernel::set_state(const std::string& name, const std::string& module_state) {
    change_entry(name, [&](json& entry) { entry["state"] = module_state; });
}

void SimulatedKernel::drop(const std::string& name) {
    state_.change([&](json& state) {
        staged_entry(state, name);
        erase_entry(state, name);
        return 0;
    });
}

void SimulatedKernel::clear() {
    state_.change([](json& state) {
        state["modules"] = json::array();
        return 0;
    });
}

void SimulatedKernel::fail_insert(const std::string& name, int error) {
    fail_call("fail_insert", name, error);
}

void SimulatedKernel::fail_remove(const std::string& name, int error) {
    fail_call("fail_remove", name, error);
}

Snapshot SimulatedKernel::modules() {
    const auto state = state_.read();
    std::lock_guard<std::mutex> lock(calls_mutex_);
    return modules_in(state);
}

const Snapshot& SimulatedKernel::modules_in(const std::shared_ptr<const nlohmann::json>& state) {
    // Once per state: the benchmarks' daemon reads 150 modules thousands of times.
    if (modules_of_ != state) {
        modules_ = snapshot_of(*state);
        modules_of_ = state;
    }
    return modules_;
}

bool SimulatedKernel::loaded(const std::string& name) {
    return find_module(modules(), name) != nullptr;
}

std::vector<std::string> SimulatedKernel::inserted() {
    std::lock_guard<std::mutex> lock(calls_mutex_);
    return calls_.inserted;
}

std::vector<std::string> SimulatedKernel::inserted_paths() {
    std::lock_guard<std::mutex> lock(calls_mutex_);
    return calls_.inserted_paths;
}

std::map<std::string, std::string> SimulatedKernel::options() {
    std::lock_guard<std::mutex> lock(calls_mutex_);
    return calls_.options;
}

std::vector<std::string> SimulatedKernel::removed() {
    std::lock_guard<std::mutex> lock(calls_mutex_);
    return calls_.removed;
}

int SimulatedKernel::snapshots() {
    std::lock_guard<std::mutex> lock(calls_mutex_);
    return calls_.snapshots;
}

void SimulatedKernel::change_entry(const std::string& name,
                                   const std::function<void(json&)>& edit) {
    state_.change([&](json& state) {
        edit(staged_entry(state, name));
        return 0;
    });
}

void SimulatedKernel::fail_call(const char* key, const std::string& name, int error) {
    state_.change([&](json& state) {
        state[key][name] = error;
        return 0;
    });
}

} // namespace modmgr
