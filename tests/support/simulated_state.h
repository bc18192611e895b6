#pragma once
// Where SimulatedKernel keeps what is loaded: in memory (one test's own kernel), or in a
// JSON file that other processes share (the bus tests' daemon and the Python tests staging
// conditions in it). Every access is exclusive: a mutex in memory, an flock on the file.
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace modmgr {

class SimulatedState {
public:
    SimulatedState() = default;
    explicit SimulatedState(std::string file);

    nlohmann::json read();
    // Runs `edit` on the state; what it changed is kept only if it returns 0, so a refused
    // operation leaves no trace. Returns what `edit` returned.
    int change(const std::function<int(nlohmann::json& state)>& edit);

private:
    std::optional<std::string> file_;
    std::mutex memory_mutex_; // also guards parsed_
    nlohmann::json memory_ = {{"modules", nlohmann::json::array()}};
    // The file's last text and what it parsed to.
    std::optional<std::pair<std::string, nlohmann::json>> parsed_;
};

} // namespace modmgr
