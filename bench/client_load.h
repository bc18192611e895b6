#pragma once
// Many clients calling modmgrd (or the replay server) at once, one thread per connection, each
// making synchronous calls back to back; and what the client, modmgrd, the replay server,
// dbus-daemon and the rest of the machine spent in CPU time over exactly that window, to show
// who was busy.
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bus_calls.h"
#include "process_usage.h"

namespace modmgr::bench {

// The processes on the other end, whose CPU time each measurement reads.
struct Servers {
    pid_t daemon = 0;
    pid_t bus = 0;
    pid_t replay = 0; // 0 until the replay server runs
};

struct Measurement {
    size_t calls = 0;
    size_t failed = 0;
    std::string first_failure;
    double wall_seconds = 0;
    std::vector<uint64_t> latencies_ns; // every call's, all clients together
    double client_cpu_seconds = 0;      // this process, all threads
    double daemon_cpu_seconds = 0;
    double replay_cpu_seconds = 0;
    double bus_cpu_seconds = 0;
    MachineTicks machine; // of the whole machine, every process
};

// Adds `part`, a later window of the same method on the same server, to `total`: one
// measurement over both windows' calls, seconds and CPU time.
void accumulate(Measurement& total, const Measurement& part);

using Clients = std::vector<std::unique_ptr<BusConnection>>;

// Every client calls `method` of `destination` until `seconds` have passed.
Measurement measure_for_seconds(const Clients& clients, const std::string& destination,
                                Method method, double seconds, const Expectations& expected,
                                const Servers& servers);

// Every client makes `calls_per_client` calls, going round `mix` from its own place in it,
// so that all of mix's methods are in flight at once; all to modmgrd.
Measurement measure_mixed_calls(const Clients& clients, const std::vector<Method>& mix,
                                size_t calls_per_client, const Expectations& expected,
                                const Servers& servers);

} // namespace modmgr::bench
