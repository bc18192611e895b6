#pragma once
// What /proc says about a process and about the whole machine: CPU time spent, to tell who
// was busy during a measurement, and resident memory. Parsing is kept apart from reading so
// that it works on text alone.
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace modmgr::bench {

// Clock ticks of all CPUs from /proc/stat's "cpu" line: those spent busy and all of them.
struct MachineTicks {
    uint64_t busy = 0;
    uint64_t total = 0;
};

// utime + stime, in clock ticks, from the text of /proc/PID/stat.
uint64_t cpu_ticks_of_stat(const std::string& stat_text);
// VmRSS in KiB from the text of /proc/PID/status.
long rss_kib_of_status(const std::string& status_text);
MachineTicks machine_ticks_of_stat(const std::string& proc_stat_text);

// The same, read now; std::runtime_error when /proc cannot tell (the process is gone).
double process_cpu_seconds(pid_t pid);
long process_rss_kib(pid_t pid);
MachineTicks machine_ticks();
// This process's user + system time, all threads.
double own_cpu_seconds();

} // namespace modmgr::bench
