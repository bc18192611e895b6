#pragma once
// Logs go to the journal when systemd started us (it sets JOURNAL_STREAM for our stderr),
// to stderr otherwise.
#include <string>

namespace modmgr {

void setup_logging(const std::string& level);
// Whether setup_logging chose the journal (then structured fields are worth sending).
bool logging_to_journal();

} // namespace modmgr
