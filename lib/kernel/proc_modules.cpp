#include "kernel/proc_modules.h"

#include <charconv>
#include <optional>
#include <sstream>

namespace modmgr {
namespace {

template <typename Number>
std::optional<Number> parse_number(const std::string& text) {
    Number value{};
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end)
        return std::nullopt;
    return value;
}

// The kernel (m_show) prints "Live", "Loading" or "Unloading"; the bus speaks in the
// words of kmod_module_initstate_str().
std::optional<std::string> parse_state(const std::string& text) {
    if (text == "Live")
        return std::string("live");
    if (text == "Loading")
        return std::string("coming");
    if (text == "Unloading")
        return std::string("going");
    return std::nullopt;
}

// The used-by column: "-", or "a,b," (every name followed by a comma), possibly with
// "[permanent]," which is a flag, not a holder.
void parse_used_by(const std::string& text, LoadedModule& module) {
    if (text == "-")
        return;
    std::istringstream names(text);
    std::string name;
    while (std::getline(names, name, ',')) {
        if (name == "[permanent]")
            module.permanent = true;
        else if (!name.empty())
            module.holders.push_back(name);
    }
}

std::optional<LoadedModule> parse_line(const std::string& line) {
    std::istringstream fields(line);
    std::string name, size, refcount, used_by, state, address;
    if (!(fields >> name >> size >> refcount >> used_by >> state >> address))
        return std::nullopt;

    LoadedModule module;
    module.name = name;
    const auto parsed_size = parse_number<uint64_t>(size);
    const auto parsed_state = parse_state(state);
    if (!parsed_size || !parsed_state)
        return std::nullopt;
    module.size = *parsed_size;
    module.state = *parsed_state;
    // "-" is what a kernel without CONFIG_MODULE_UNLOAD prints: it keeps no count.
    if (refcount == "-") {
        module.refcount = -1;
    } else {
        const auto parsed_refcount = parse_number<int32_t>(refcount);
        if (!parsed_refcount)
            return std::nullopt;
        module.refcount = *parsed_refcount;
    }
    parse_used_by(used_by, module);
    return module;
}

} // namespace

Snapshot parse_proc_modules(const std::string& text) {
    Snapshot snapshot;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        if (auto module = parse_line(line))
            snapshot.push_back(std::move(*module));
    return snapshot;
}

} // namespace modmgr
