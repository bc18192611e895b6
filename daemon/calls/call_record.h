#pragma once
// The one record every method call ends with. Under systemd it goes to the journal with
// structured fields, so `journalctl MODULE=dummy` or `journalctl CALLER_UID=1000` finds the
// calls; elsewhere it is one log line with the same content.
#include <spdlog/common.h>

#include <string>
#include <vector>

#include "calls/caller.h"
#include "kernel/operation_records.h"
#include "runtime/log_rate_limit.h"

namespace modmgr {

// MESSAGE_ID per kind of outcome, for journalctl MESSAGE_ID=... and catalogs.
constexpr const char* kCallSucceededId = "4d8f3b7e0c5a4f4e9b1a6c2d7e8f9a01";
constexpr const char* kCallDeniedId = "4d8f3b7e0c5a4f4e9b1a6c2d7e8f9a02";
constexpr const char* kCallFailedId = "4d8f3b7e0c5a4f4e9b1a6c2d7e8f9a03";
// A load or unload that a previous modmgrd began and never finished (it was killed).
constexpr const char* kInterruptedOperationId = "4d8f3b7e0c5a4f4e9b1a6c2d7e8f9a04";

struct CallRecord {
    Caller caller;
    std::string action;        // polkit action id
    std::string module;        // "" when the call names none (List, LoadFile)
    std::string authorized_by; // how the decision was made
    std::string result;        // "ok", "denied" or "failed"
    std::string detail;        // what was done, or the error
};

// The text a person reads: "uid=1000 pid=42 action=... module=dummy result=ok (inserted: dummy)".
std::string call_message(const CallRecord& record);
// MESSAGE=, MESSAGE_ID=, PRIORITY=, MODULE=, CALLER_UID=, CALLER_PID=, CALLER_BUS_NAME=,
// ACTION=, RESULT=, AUTHORIZED_BY= (fields with no value are left out).
std::vector<std::string> call_journal_fields(const CallRecord& record, spdlog::level::level_enum level);

// Sends the record to the journal when logging there, else to the default logger.
void record_call(const CallRecord& record, spdlog::level::level_enum level);

// Logs what an interrupted load or unload left behind (`sentence`, see OperationRecords),
// with MESSAGE_ID=kInterruptedOperationId, ACTION=, MODULE= and CALLER_UID= in the journal.
void record_interrupted_operation(const KernelOperation& operation, const std::string& sentence);

// Records every call, except that one caller's repeated failures of one kind are
// rate-limited (LogRateLimit): the first ones are logged in full, the rest counted and
// summed up in one line per window by flush(). Event-loop thread only.
class CallLog {
public:
    explicit CallLog(LogRateLimit::Limits limits = {});
    // `error_name` is "" for a success (never limited).
    void record(const CallRecord& record, spdlog::level::level_enum level,
                const std::string& error_name);
    // Logs the summaries of windows that are over; call it about once per window.
    void flush();

private:
    LogRateLimit limit_;
};

} // namespace modmgr
