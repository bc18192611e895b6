#pragma once
// Logs go to the journal when systemd started us (it sets JOURNAL_STREAM for our stderr),
// to stderr otherwise.
#include <string>

namespace modmgr {

void setup_logging(const std::string& level);

} // namespace modmgr
