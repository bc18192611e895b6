#include "kernel/proc_modules.h"

#include <charconv>
#include <optional>
#include <string>

namespace modmgr {
namespace {

template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
    Number value{};
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end)
        return std::nullopt;
    return value;
}

// The kernel (m_show) prints "Live", "Loading" or "Unloading"; the bus speaks in the
// words of kmod_module_initstate_str().
std::optional<std::string> parse_state(std::string_view text) {
    if (text == "Live")
        return std::string("live");
    if (text == "Loading")
        return std::string("coming");
    if (text == "Unloading")
        return std::string("going");
    return std::nullopt;
}

// The part of `text` before the first `separator`, which is consumed with it.
std::string_view take_until(std::string_view& text, char separator) {
    const size_t end = text.find(separator);
    const std::string_view taken = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    return taken;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

// The next field of `line` (fields are separated by blanks), consumed; empty at its end.
std::string_view next_field(std::string_view& line) {
    size_t start = 0;
    while (start < line.size() && is_blank(line[start]))
        ++start;
    size_t end = start;
    while (end < line.size() && !is_blank(line[end]))
        ++end;
    const std::string_view field = line.substr(start, end - start);
    line.remove_prefix(end);
    return field;
}

// The used-by column: "-", or "a,b," (every name followed by a comma), possibly with
// "[permanent]," which is a flag, not a holder.
void parse_used_by(std::string_view text, LoadedModule& module) {
    if (text == "-")
        return;
    while (!text.empty()) {
        const std::string_view name = take_until(text, ',');
        if (name == "[permanent]")
            module.permanent = true;
        else if (!name.empty())
            module.holders.emplace_back(name);
    }
}

// The taint column: "(" taint letters, then '+' (coming) or '-' (going), ")"; absent when
// the module taints nothing and is live. The state letters are the state column's again.
std::string parse_taint(std::string_view text) {
    if (text.size() < 2 || text.front() != '(' || text.back() != ')')
        return {};
    std::string taint;
    for (const char c : text.substr(1, text.size() - 2))
        if (c != '+' && c != '-')
            taint += c;
    return taint;
}

std::optional<LoadedModule> parse_line(std::string_view line) {
    const std::string_view name = next_field(line);
    const std::string_view size = next_field(line);
    const std::string_view refcount = next_field(line);
    const std::string_view used_by = next_field(line);
    const std::string_view state = next_field(line);
    const std::string_view address = next_field(line);
    if (address.empty())
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
    module.taint = parse_taint(next_field(line));
    return module;
}

// Whether `line`'s first field is `name`.
bool names(std::string_view line, std::string_view name) {
    std::string_view rest = line;
    return next_field(rest) == name;
}

} // namespace

Snapshot parse_proc_modules(std::string_view text) {
    Snapshot snapshot;
    while (!text.empty())
        if (auto module = parse_line(take_until(text, '\n')))
            snapshot.push_back(std::move(*module));
    return snapshot;
}

std::optional<LoadedModule> find_in_proc_modules(std::string_view text, std::string_view name) {
    while (!text.empty()) {
        const std::string_view line = take_until(text, '\n');
        if (!names(line, name))
            continue;
        if (auto module = parse_line(line))
            return module;
    }
    return std::nullopt;
}

} // namespace modmgr
