#include "calls/call_record.h"

#include <spdlog/spdlog.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <syslog.h>

#include "runtime/logging.h"
#include "text/escaped_text.h"

namespace modmgr {

namespace {

int syslog_priority(spdlog::level::level_enum level) {
    switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
        return LOG_DEBUG;
    case spdlog::level::info:
        return LOG_INFO;
    case spdlog::level::warn:
        return LOG_WARNING;
    default:
        return LOG_ERR;
    }
}

const char* message_id(const std::string& result) {
    if (result == "ok")
        return kCallSucceededId;
    return result == "denied" ? kCallDeniedId : kCallFailedId;
}

// How much of each caller-influenced field a record shows: enough for any real module name,
// alias or error, never a flood (a caller can send 32 MiB strings).
constexpr size_t kShownModule = 128;
constexpr size_t kShownText = 512;

// Every field may carry caller text (a requested name, an error quoting it, polkit's
// answer): escaped, so it cannot start a forged line or record, and bounded.
CallRecord escaped(const CallRecord& r) {
    CallRecord out = r;
    out.caller.sender = escaped_for_log(r.caller.sender, kShownModule);
    out.module = escaped_for_log(r.module, kShownModule);
    out.authorized_by = escaped_for_log(r.authorized_by, kShownText);
    out.detail = escaped_for_log(r.detail, kShownText);
    return out;
}

void send_to_journal(std::vector<std::string> fields) {
    fields.push_back("SYSLOG_IDENTIFIER=modmgrd");
    std::vector<iovec> iov;
    for (auto& f : fields)
        iov.push_back({f.data(), f.size()});
    sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
}

} // namespace

std::string call_message(const CallRecord& record) {
    const CallRecord r = escaped(record);
    // uid/pid are -1 when the call was refused before the bus was asked (bad input).
    return "sender=" + r.caller.sender + " uid=" + std::to_string(r.caller.uid) +
           " pid=" + std::to_string(r.caller.pid) + " action=" + r.action +
           " module=" + (r.module.empty() ? "-" : r.module) +
           " auth=" + (r.authorized_by.empty() ? "-" : r.authorized_by) + " result=" + r.result +
           (r.detail.empty() ? "" : " (" + r.detail + ")");
}

std::vector<std::string> call_journal_fields(const CallRecord& record,
                                             spdlog::level::level_enum level) {
    const CallRecord r = escaped(record);
    std::vector<std::string> fields{
        "MESSAGE=" + call_message(record),
        std::string("MESSAGE_ID=") + message_id(r.result),
        "PRIORITY=" + std::to_string(syslog_priority(level)),
        "ACTION=" + r.action,
        "RESULT=" + r.result,
    };
    if (!r.module.empty())
        fields.push_back("MODULE=" + r.module);
    if (r.caller.uid >= 0)
        fields.push_back("CALLER_UID=" + std::to_string(r.caller.uid));
    if (r.caller.pid >= 0)
        fields.push_back("CALLER_PID=" + std::to_string(r.caller.pid));
    if (!r.caller.sender.empty())
        fields.push_back("CALLER_BUS_NAME=" + r.caller.sender);
    if (!r.authorized_by.empty())
        fields.push_back("AUTHORIZED_BY=" + r.authorized_by);
    return fields;
}

void record_call(const CallRecord& record, spdlog::level::level_enum level) {
    // Before anything is put together: at the default level every Info and List is dropped.
    if (level < spdlog::default_logger()->level())
        return;
    if (logging_to_journal())
        send_to_journal(call_journal_fields(record, level));
    else
        spdlog::log(level, "{}", call_message(record));
}

void record_interrupted_operation(const KernelOperation& operation, const std::string& sentence) {
    if (!logging_to_journal()) {
        spdlog::warn("{}", sentence);
        return;
    }
    std::vector<std::string> fields{"MESSAGE=" + sentence,
                                    std::string("MESSAGE_ID=") + kInterruptedOperationId,
                                    "PRIORITY=" + std::to_string(LOG_WARNING),
                                    "ACTION=" + operation.action,
                                    "MODULE=" + escaped_for_log(operation.requested, kShownModule)};
    if (operation.caller_uid >= 0)
        fields.push_back("CALLER_UID=" + std::to_string(operation.caller_uid));
    send_to_journal(std::move(fields));
}

CallLog::CallLog(LogRateLimit::Limits limits) : limit_(limits) {}

void CallLog::record(const CallRecord& record, spdlog::level::level_enum level,
                     const std::string& error_name) {
    if (!error_name.empty()) {
        const std::string who = record.caller.uid >= 0
                                    ? "uid=" + std::to_string(record.caller.uid)
                                    : "sender=" + record.caller.sender;
        const std::string kind = who + " action=" + record.action + " result=" + record.result +
                                 " error=" + error_name;
        if (!limit_.allow(escaped_for_log(kind, kShownText), LogRateLimit::Clock::now()))
            return;
    }
    record_call(record, level);
}

void CallLog::flush() {
    for (const auto& summary : limit_.expire(LogRateLimit::Clock::now())) {
        if (summary.key.empty())
            spdlog::warn("suppressed {} more failed calls (too many different callers to log "
                         "each kind)",
                         summary.left_out);
        else
            spdlog::warn("suppressed {} more calls like: {}", summary.left_out, summary.key);
    }
}

} // namespace modmgr
