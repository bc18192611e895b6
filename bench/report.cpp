#include "report.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace modmgr::bench {
namespace {

double percentile_ms(const std::vector<uint64_t>& sorted_ns, double fraction) {
    if (sorted_ns.empty())
        return 0;
    const auto rank =
        static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted_ns.size())));
    return static_cast<double>(sorted_ns[std::clamp<size_t>(rank, 1, sorted_ns.size()) - 1]) / 1e6;
}

double percent_of_one_cpu(double cpu_seconds, double wall_seconds) {
    return wall_seconds > 0 ? 100 * cpu_seconds / wall_seconds : 0;
}

double microseconds_per_call(double cpu_seconds, size_t calls) {
    return calls > 0 ? 1e6 * cpu_seconds / static_cast<double>(calls) : 0;
}

} // namespace

Summary summarize(Measurement& measurement) {
    std::sort(measurement.latencies_ns.begin(), measurement.latencies_ns.end());
    Summary summary;
    if (measurement.wall_seconds > 0)
        summary.calls_per_second =
            static_cast<double>(measurement.calls) / measurement.wall_seconds;
    summary.p50_ms = percentile_ms(measurement.latencies_ns, 0.50);
    summary.p99_ms = percentile_ms(measurement.latencies_ns, 0.99);
    return summary;
}

void print_throughput_header() {
    std::printf("%-28s %9s %9s %9s %9s %7s\n", "method", "calls", "calls/s", "p50 ms", "p99 ms",
                "failed");
}

void print_throughput_row(const std::string& label, const Measurement& measurement,
                          const Summary& summary) {
    std::printf("%-28s %9zu %9.0f %9.3f %9.3f %7zu\n", label.c_str(), measurement.calls,
                summary.calls_per_second, summary.p50_ms, summary.p99_ms, measurement.failed);
    if (measurement.failed > 0)
        std::printf("  first failure: %s\n", measurement.first_failure.c_str());
}

void print_busy_header() {
    std::printf("%-28s | %-37s | %-26s\n", "", "CPU, % of one core over the window",
                "CPU us per call");
    std::printf("%-28s | %7s %7s %7s %6s %6s | %8s %8s %8s\n", "method", "client", "modmgrd",
                "dbus", "others", "idle", "client", "modmgrd", "dbus");
}

void print_busy_row(const std::string& label, const Measurement& m) {
    const double tick = 1.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
    const double machine_busy = static_cast<double>(m.machine.busy) * tick;
    const double machine_idle = static_cast<double>(m.machine.total - m.machine.busy) * tick;
    const double others =
        machine_busy - m.client_cpu_seconds - m.daemon_cpu_seconds - m.bus_cpu_seconds;
    std::printf("%-28s | %7.0f %7.0f %7.0f %6.0f %6.0f | %8.1f %8.1f %8.1f\n", label.c_str(),
                percent_of_one_cpu(m.client_cpu_seconds, m.wall_seconds),
                percent_of_one_cpu(m.daemon_cpu_seconds, m.wall_seconds),
                percent_of_one_cpu(m.bus_cpu_seconds, m.wall_seconds),
                percent_of_one_cpu(std::max(others, 0.0), m.wall_seconds),
                percent_of_one_cpu(machine_idle, m.wall_seconds),
                microseconds_per_call(m.client_cpu_seconds, m.calls),
                microseconds_per_call(m.daemon_cpu_seconds, m.calls),
                microseconds_per_call(m.bus_cpu_seconds, m.calls));
}

bool print_goal(const std::string& row, const std::string& what, double value, double goal,
                bool at_least) {
    const bool met = at_least ? value >= goal : value <= goal;
    std::printf("%-4s %-52s %7.3f   goal %s %.2f   %s\n", row.c_str(), what.c_str(), value,
                at_least ? ">=" : "<=", goal, met ? "PASS" : "MISS");
    return met;
}

} // namespace modmgr::bench
