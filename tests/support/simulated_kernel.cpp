// TEST DOUBLE: a kernel simulated in a JSON file, see simulated_kernel.h.
#include "support/simulated_kernel.h"

#include <fcntl.h>
#include <libkmod.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "base/module_error.h"
#include "load/module_parameters.h"
#include "lookup/module_resolution.h"

namespace modmgr {
namespace {

using nlohmann::json;

constexpr uint64_t kPageSize = 4096;

[[noreturn]] void fail(const std::string& what) {
    throw ModuleError(ErrorCode::Failed, "simulated kernel: " + what);
}

// Every access holds an exclusive flock on a sibling file, so bus tests running several
// daemons and the test itself (staging state) never see a half-applied change. The state
// file itself is replaced by rename, so it cannot carry the lock.
class StateLock {
public:
    explicit StateLock(const std::string& state_file) {
        const std::string path = state_file + ".lock";
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0)
            fail("cannot open " + path + ": " + std::strerror(errno));
        while (::flock(fd_, LOCK_EX) != 0)
            if (errno != EINTR)
                fail("cannot lock " + path + ": " + std::strerror(errno));
    }
    ~StateLock() { ::close(fd_); }
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

private:
    int fd_ = -1;
};

// A missing file is a kernel with nothing loaded.
json read_state(const std::string& state_file) {
    std::ifstream in(state_file);
    if (!in)
        return json{{"modules", json::array()}};
    try {
        json state = json::parse(in);
        if (!state.contains("modules"))
            state["modules"] = json::array();
        return state;
    } catch (const json::exception& e) {
        fail(state_file + " is not valid JSON: " + e.what());
    }
}

void write_state(const std::string& state_file, const json& state) {
    const std::string temporary = state_file + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << state.dump(2) << '\n';
        if (!out.flush())
            fail("cannot write " + temporary);
    }
    if (std::rename(temporary.c_str(), state_file.c_str()) != 0)
        fail("cannot replace " + state_file + ": " + std::strerror(errno));
}

std::vector<std::string> depends_of(const json& module) {
    return module.value("depends", std::vector<std::string>{});
}

json* find_entry(json& state, const std::string& name) {
    for (auto& module : state["modules"])
        if (module.value("name", "") == name)
            return &module;
    return nullptr;
}

// Loaded modules that depend on `name`, in the kernel's (newest first) order.
std::vector<std::string> holders_of(const json& state, const std::string& name) {
    std::vector<std::string> holders;
    for (const auto& module : state["modules"]) {
        const auto depends = depends_of(module);
        if (std::find(depends.begin(), depends.end(), name) != depends.end())
            holders.push_back(module.value("name", ""));
    }
    return holders;
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

} // namespace

SimulatedKernel::SimulatedKernel(std::string state_file) : state_file_(std::move(state_file)) {}

Snapshot SimulatedKernel::snapshot() {
    json state;
    {
        StateLock lock(state_file_);
        state = read_state(state_file_);
    }
    Snapshot snapshot;
    for (const auto& entry : state["modules"]) {
        LoadedModule module;
        module.name = entry.value("name", "");
        module.size = entry.value("size", uint64_t{0});
        module.holders = holders_of(state, module.name);
        module.refcount =
            static_cast<int32_t>(module.holders.size()) + entry.value("users", int32_t{0});
        module.state = entry.value("state", "live");
        module.parameters = entry.value("parameters", std::map<std::string, std::string>{});
        snapshot.push_back(std::move(module));
    }
    return snapshot;
}

int SimulatedKernel::insert(kmod_module* module, const std::string& options) {
    ModuleFacts facts;
    if (const int err = read_facts(module, facts); err < 0)
        return err;

    int delay_ms = 0;
    {
        StateLock lock(state_file_);
        delay_ms = read_state(state_file_).value("insert_delay_ms", 0);
    }
    // Slept without the lock so that other operations (and snapshots) proceed meanwhile,
    // as they would while a real module initializes.
    if (delay_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));

    StateLock lock(state_file_);
    json state = read_state(state_file_);
    if (state.contains("fail_insert") && state["fail_insert"].contains(facts.name))
        return -std::abs(state["fail_insert"][facts.name].get<int>());
    if (find_entry(state, facts.name) != nullptr)
        return -EEXIST;
    for (const auto& dependency : facts.depends)
        if (find_entry(state, dependency) == nullptr)
            return -ENOENT;

    json entry = {{"name", facts.name},       {"size", facts.size},
                  {"users", 0},               {"depends", facts.depends},
                  {"parameters", parameters_of(options)}, {"state", "live"}};
    auto& modules = state["modules"];
    modules.insert(modules.begin(), std::move(entry));
    write_state(state_file_, state);
    return 0;
}

int SimulatedKernel::remove(const std::string& name) {
    StateLock lock(state_file_);
    json state = read_state(state_file_);
    const json* entry = find_entry(state, name);
    if (entry == nullptr)
        return -ENOENT;
    if (!holders_of(state, name).empty() || entry->value("users", 0) > 0)
        return -EWOULDBLOCK;
    if (entry->value("state", "live") != "live")
        return -EBUSY;
    auto& modules = state["modules"];
    modules.erase(std::remove_if(modules.begin(), modules.end(),
                                 [&](const json& m) { return m.value("name", "") == name; }),
                  modules.end());
    write_state(state_file_, state);
    return 0;
}

} // namespace modmgr
