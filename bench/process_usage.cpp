#include "process_usage.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace modmgr::bench {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

double ticks_to_seconds(uint64_t ticks) {
    return static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

} // namespace

uint64_t cpu_ticks_of_stat(const std::string& stat_text) {
    // The command name (field 2) is in parentheses and may hold blanks and ')': the fields
    // are counted from the last ')'. utime and stime are fields 14 and 15.
    const size_t name_end = stat_text.rfind(')');
    if (name_end == std::string::npos)
        throw std::runtime_error("no command name in a /proc/PID/stat");
    std::istringstream fields(stat_text.substr(name_end + 1));
    std::string skipped;
    for (int field = 3; field < 14; ++field)
        fields >> skipped;
    uint64_t user = 0, system = 0;
    if (!(fields >> user >> system))
        throw std::runtime_error("no utime and stime in a /proc/PID/stat");
    return user + system;
}

long rss_kib_of_status(const std::string& status_text) {
    std::istringstream lines(status_text);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    throw std::runtime_error("no VmRSS in a /proc/PID/status");
}

MachineTicks machine_ticks_of_stat(const std::string& proc_stat_text) {
    std::istringstream line(proc_stat_text.substr(0, proc_stat_text.find('\n')));
    std::string label;
    line >> label;
    if (label != "cpu")
        throw std::runtime_error("/proc/stat does not start with the cpu line");
    // user nice system idle iowait irq softirq steal; guest time is already in user.
    MachineTicks ticks;
    uint64_t value = 0;
    for (int field = 0; field < 8 && line >> value; ++field) {
        ticks.total += value;
        if (field != 3 && field != 4)
            ticks.busy += value;
    }
    return ticks;
}

double process_cpu_seconds(pid_t pid) {
    return ticks_to_seconds(cpu_ticks_of_stat(read_text("/proc/" + std::to_string(pid) + "/stat")));
}

long process_rss_kib(pid_t pid) {
    return rss_kib_of_status(read_text("/proc/" + std::to_string(pid) + "/status"));
}

MachineTicks machine_ticks() { return machine_ticks_of_stat(read_text("/proc/stat")); }

double own_cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace modmgr::bench
