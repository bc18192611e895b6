#include "config/configuration_listing.h"

namespace modmgr {
namespace {

// `text` shortened to at most `size` bytes without splitting a UTF-8 character (the bus
// refuses a string that is not UTF-8); true when it was cut.
bool cut(std::string& text, size_t size) {
    if (text.size() <= size)
        return false;
    while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80)
        --size;
    text.resize(size);
    return true;
}

} // namespace

bool is_listed_kind(const std::string& kind) {
    return kind == "blacklist" || kind == "mask" || kind == "options" || kind == "load";
}

ConfigurationListing list_configuration(const ConfigIndex& index, const ListingLimits& limits) {
    ConfigurationListing listing;
    size_t bytes = 0;
    index.for_each_in_order([&](const std::string& module, const ConfigSource& source) {
        if (!is_listed_kind(source.kind))
            return true;
        ConfigEntry entry{module, source};
        listing.truncated = cut(entry.source.text, limits.max_text) || listing.truncated;
        const size_t size =
            module.size() + source.kind.size() + source.file.size() + entry.source.text.size();
        if (listing.entries.size() == limits.max_entries || size > limits.max_bytes - bytes) {
            listing.truncated = true;
            return false;
        }
        bytes += size;
        listing.entries.push_back(std::move(entry));
        return true;
    });
    return listing;
}

} // namespace modmgr
