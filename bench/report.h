#pragma once
// How the benchmark prints what it measured: throughput and latency per method, who spent
// the CPU time, and each of issue 12's goals with PASS or MISS, beside the floor the replay
// server measured for the same goal.
#include <string>

#include "client_load.h"

namespace modmgr::bench {

struct Summary {
    double calls_per_second = 0;
    double p50_ms = 0;
    double p99_ms = 0;
};

// Sorts the measurement's latencies; percentiles by nearest rank.
Summary summarize(Measurement& measurement);

// Ping's readings before and after a server's measurements, averaged so that drift between
// them cancels: the bus's own ceiling for that server.
struct PingBaseline {
    double calls_per_second = 0;
    double p50_ms = 0;
};
PingBaseline ping_baseline(const Summary& first, const Summary& last);

// The goals' ratios: a method's calls/s over Ping's (P5), its p50 over Ping's (P5g).
double rate_ratio(const Summary& method, const PingBaseline& ping);
double p50_ratio(const Summary& method, const PingBaseline& ping);
// modmgrd's calls/s as a share of the replay server's for the same method: how much of the
// floor's throughput modmgrd reaches.
double share_of_floor(const Summary& modmgrd, const Summary& floor);

// CPU seconds that no process the measurement names (client, modmgrd, replay server,
// dbus-daemon) spent: the rest of the machine. Never below 0, which rounding of clock ticks
// against exact CPU times could otherwise give.
double others_cpu_seconds(const Measurement& measurement, double seconds_per_tick);

void print_throughput_header();
void print_throughput_row(const std::string& label, const Measurement& measurement,
                          const Summary& summary);
void print_busy_header();
void print_busy_row(const std::string& label, const Measurement& measurement);

// Whether `value` meets `goal`: value >= goal (at_least) or value <= goal.
bool goal_met(double value, double goal, bool at_least);
// What a goal's floor and modmgrd's reading together say.
const char* floor_verdict(bool floor_met, bool modmgrd_met);

// One goal: `value` against `goal`, with PASS or MISS. Returns whether it was met.
bool print_goal(const std::string& row, const std::string& what, double value, double goal,
                bool at_least);
// The same goal measured on the replay server (`value`), printed under print_goal's row: with
// PASS or MISS, modmgrd's share of the floor's throughput, and floor_verdict. Returns whether
// the floor meets the goal.
bool print_floor(const std::string& what, double value, double goal, bool at_least,
                 bool modmgrd_met, double modmgrd_share);
// The hand-off floor of a goal of at least `goal` (`value`, measured on the replay server's
// hand-off name), printed under print_floor's lines: with PASS or MISS and modmgrd's share of
// its throughput. Returns whether it meets the goal.
bool print_hand_off_floor(const std::string& what, double value, double goal,
                          double modmgrd_share);

} // namespace modmgr::bench
