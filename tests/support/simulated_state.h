#pragma once
// Where SimulatedKernel keeps what is loaded: in memory (one test's own kernel), or in a
// JSON file that other processes share (the bus tests' daemon and the Python tests staging
// conditions in it). Every change is exclusive: a mutex in memory, an flock on the file. A
// reader of the file takes no lock, since every writer replaces the file by rename.
#include <functional>
#include <memory>
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

    // The state now; the same object for as long as it is unchanged.
    std::shared_ptr<const nlohmann::json> read();
    // Runs `edit` on the state; what it changed is kept only if it returns 0, so a refused
    // operation leaves no trace. Returns what `edit` returned.
    int change(const std::function<int(nlohmann::json& state)>& edit);

private:
    std::optional<std::string> file_;
    std::mutex memory_mutex_; // also guards parsed_
    std::shared_ptr<const nlohmann::json> memory_ =
        std::make_shared<const nlohmann::json>(nlohmann::json{{"modules", nlohmann::json::array()}});
    // The file's last text and what it parsed to.
    std::optional<std::pair<std::string, std::shared_ptr<const nlohmann::json>>> parsed_;
};

} // namespace modmgr
