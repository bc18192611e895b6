#pragma once
// How the benchmark prints what it measured: throughput and latency per method, who spent
// the CPU time, and each of issue 12's goals with PASS or MISS.
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

void print_throughput_header();
void print_throughput_row(const std::string& label, const Measurement& measurement,
                          const Summary& summary);
void print_busy_header();
void print_busy_row(const std::string& label, const Measurement& measurement);

// One goal: `value` against `goal`, met when value >= goal (at_least) or value <= goal.
// Returns whether it was met.
bool print_goal(const std::string& row, const std::string& what, double value, double goal,
                bool at_least);

} // namespace modmgr::bench
