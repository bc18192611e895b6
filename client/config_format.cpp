#include "config_format.h"

#include <algorithm>

#include "text/string_join.h"

namespace modmgr {

namespace {

const char kManagedMark[] = "(modmgrd)";
const char kNone[] = "(none)";
// The kernel command line has no lines: the daemon sends line 0 for its words.
constexpr int32_t kCommandLineLine = 0;

std::string padded(std::string_view text, size_t width) {
    std::string padded_text(text);
    padded_text.resize(std::max(text.size(), width), ' ');
    return padded_text;
}

std::string yes_no(const bool* flag) {
    if (!flag)
        return "unknown";
    return *flag ? "yes" : "no";
}

std::string words_or_none(const std::vector<std::string_view>* words) {
    if (!words || words->empty())
        return kNone;
    return join(std::vector<std::string>(words->begin(), words->end()), " ");
}

} // namespace

std::string location_of(const ConfigSourceEntry& source) {
    std::string text(source.file);
    if (source.line != kCommandLineLine)
        text += ":" + std::to_string(source.line);
    return text;
}

std::vector<std::string> config_source_rows(const std::vector<ConfigSourceEntry>& sources) {
    size_t kind_width = 0, location_width = 0, text_width = 0;
    for (const auto& source : sources) {
        kind_width = std::max(kind_width, source.kind.size());
        location_width = std::max(location_width, location_of(source).size());
        text_width = std::max(text_width, source.text.size());
    }
    std::vector<std::string> rows;
    for (const auto& source : sources) {
        std::string row = padded(source.kind, kind_width) + "  " +
                          padded(location_of(source), location_width) + "  ";
        row += source.managed ? padded(source.text, text_width) + "  " + kManagedMark
                              : std::string(source.text);
        rows.push_back(row);
    }
    return rows;
}

std::string format_configuration(const DecodedDictionary& configuration) {
    std::string text;
    if (const auto* name = find_value_as<std::string_view>(configuration, "name"))
        text.append(*name).append("\n");
    text += "  blacklisted:   " + yes_no(find_value_as<bool>(configuration, "blacklisted")) + "\n";
    text += "  masked:        " + yes_no(find_value_as<bool>(configuration, "masked")) + "\n";
    const auto* options = find_value_as<std::vector<std::string_view>>(configuration, "options");
    text += "  options:       " + words_or_none(options) + "\n";
    text += "  load at boot:  " + yes_no(find_value_as<bool>(configuration, "load_at_boot")) + "\n";
    const auto* sources = find_value_as<std::vector<ConfigSourceEntry>>(configuration, "config_sources");
    if (!sources || sources->empty())
        return text + "  sources:       " + kNone + "\n";
    text += "  sources:\n";
    for (const auto& row : config_source_rows(*sources))
        text += "    " + row + "\n";
    return text;
}

} // namespace modmgr
