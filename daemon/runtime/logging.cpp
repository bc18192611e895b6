#include "runtime/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

namespace modmgr {

namespace {

// True when stderr is the journal stream systemd gave us ("dev:inode" in JOURNAL_STREAM).
bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    struct stat st;
    if (!stream || fstat(fileno(stderr), &st) < 0)
        return false;
    unsigned long long dev = 0, ino = 0;
    if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2)
        return false;
    return st.st_dev == dev && st.st_ino == ino;
}

bool to_journal = false;

} // namespace

bool logging_to_journal() { return to_journal; }

void setup_logging(const std::string& level) {
    std::shared_ptr<spdlog::logger> logger;
    to_journal = stderr_is_journal();
    if (to_journal) {
        logger = std::make_shared<spdlog::logger>(
            "modmgrd", std::make_shared<spdlog::sinks::systemd_sink_mt>("modmgrd"));
        logger->set_pattern("%v");
    } else {
        logger = std::make_shared<spdlog::logger>(
            "modmgrd", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        logger->set_pattern("modmgrd[%P]: %l: %v");
    }
    logger->set_level(spdlog::level::from_str(level));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(logger);
}

} // namespace modmgr
