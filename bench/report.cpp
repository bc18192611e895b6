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

PingBaseline ping_baseline(const Summary& first, const Summary& last) {
    return {(first.calls_per_second + last.calls_per_second) / 2, (first.p50_ms + last.p50_ms) / 2};
}

double rate_ratio(const Summary& method, const PingBaseline& ping) {
    return ping.calls_per_second > 0 ? method.calls_per_second / ping.calls_per_second : 0;
}

double p50_ratio(const Summary& method, const PingBaseline& ping) {
    return ping.p50_ms > 0 ? method.p50_ms / ping.p50_ms : 0;
}

double share_of_floor(const Summary& modmgrd, const Summary& floor) {
    return floor.calls_per_second > 0 ? modmgrd.calls_per_second / floor.calls_per_second : 0;
}

double others_cpu_seconds(const Measurement& m, double seconds_per_tick) {
    const double machine_busy = static_cast<double>(m.machine.busy) * seconds_per_tick;
    return std::max(machine_busy - m.client_cpu_seconds - m.daemon_cpu_seconds -
                        m.replay_cpu_seconds - m.bus_cpu_seconds,
                    0.0);
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
    std::printf("%-28s | %-45s | %-35s\n", "", "CPU, % of one core over the window",
                "CPU us per call");
    std::printf("%-28s | %7s %7s %7s %7s %6s %6s | %8s %8s %8s %8s\n", "method", "client",
                "modmgrd", "replay", "dbus", "others", "idle", "client", "modmgrd", "replay",
                "dbus");
}

void print_busy_row(const std::string& label, const Measurement& m) {
    const double tick = 1.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
    const double machine_idle = static_cast<double>(m.machine.total - m.machine.busy) * tick;
    std::printf("%-28s | %7.0f %7.0f %7.0f %7.0f %6.0f %6.0f | %8.1f %8.1f %8.1f %8.1f\n",
                label.c_str(), percent_of_one_cpu(m.client_cpu_seconds, m.wall_seconds),
                percent_of_one_cpu(m.daemon_cpu_seconds, m.wall_seconds),
                percent_of_one_cpu(m.replay_cpu_seconds, m.wall_seconds),
                percent_of_one_cpu(m.bus_cpu_seconds, m.wall_seconds),
                percent_of_one_cpu(others_cpu_seconds(m, tick), m.wall_seconds),
                percent_of_one_cpu(machine_idle, m.wall_seconds),
                microseconds_per_call(m.client_cpu_seconds, m.calls),
                microseconds_per_call(m.daemon_cpu_seconds, m.calls),
                microseconds_per_call(m.replay_cpu_seconds, m.calls),
                microseconds_per_call(m.bus_cpu_seconds, m.calls));
}

bool goal_met(double value, double goal, bool at_least) {
    return at_least ? value >= goal : value <= goal;
}

const char* floor_verdict(bool floor_met, bool modmgrd_met) {
    if (!floor_met)
        return "the floor itself misses the goal: no server sending these replies meets it on "
               "this bus and machine";
    return modmgrd_met ? "both meet the goal"
                       : "the floor meets the goal: what misses it is modmgrd's own cost";
}

bool print_goal(const std::string& row, const std::string& what, double value, double goal,
                bool at_least) {
    const bool met = goal_met(value, goal, at_least);
    std::printf("%-4s %-52s %7.3f   goal %s %.2f   %s\n", row.c_str(), what.c_str(), value,
                at_least ? ">=" : "<=", goal, met ? "PASS" : "MISS");
    return met;
}

bool print_floor(const std::string& what, double value, double goal, bool at_least,
                 bool modmgrd_met, double modmgrd_share) {
    const bool met = goal_met(value, goal, at_least);
    std::printf("     floor: %-45s %7.3f   goal %s %.2f   %s\n", what.c_str(), value,
                at_least ? ">=" : "<=", goal, met ? "PASS" : "MISS");
    std::printf("     modmgrd's calls/s are %.0f%% of the floor's; %s\n", 100 * modmgrd_share,
                floor_verdict(met, modmgrd_met));
    return met;
}

bool print_hand_off_floor(const std::string& what, double value, double goal,
                          double modmgrd_share) {
    const bool met = goal_met(value, goal, true);
    std::printf("     with the hand-off: %-35s %7.3f   goal >= %.2f   %s\n", what.c_str(), value,
                goal, met ? "PASS" : "MISS");
    std::printf("     modmgrd's calls/s are %.0f%% of that floor's: a worker thread and back, and "
                "the kernel's state read there, are part of it\n", 100 * modmgrd_share);
    return met;
}

} // namespace modmgr::bench
