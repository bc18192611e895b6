#include "listing.h"

namespace modmgr {

std::string render_listing(const Listing& listing, bool with_legend, const TerminalStyle& style) {
    if (!with_legend)
        return listing.rows;
    std::string text;
    if (!listing.heading.empty())
        text += style.paint(listing.heading, Tone::Heading) + "\n";
    text += listing.rows;
    for (const auto& line : listing.legend)
        text += line + "\n";
    return text;
}

} // namespace modmgr
