#include "client_load.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "wire_contract.h"

namespace modmgr::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Usage {
    Clock::time_point at;
    double client = 0, daemon = 0, replay = 0, bus = 0;
    MachineTicks machine;
};

Usage usage_now(const Servers& servers) {
    Usage usage;
    usage.machine = machine_ticks();
    usage.client = own_cpu_seconds();
    usage.daemon = process_cpu_seconds(servers.daemon);
    usage.replay = servers.replay ? process_cpu_seconds(servers.replay) : 0;
    usage.bus = process_cpu_seconds(servers.bus);
    usage.at = Clock::now();
    return usage;
}

// What one client thread gathered; merged once the threads are done, so that no call waits
// on a lock shared with the other clients.
struct ClientRecord {
    std::vector<uint64_t> latencies_ns;
    size_t failed = 0;
    std::string first_failure;
};

// When a client stops: after a number of calls, or once the window's seconds have passed.
struct Stop {
    size_t calls_per_client = 0; // 0: by time
    double seconds = 0;
};

// Runs one thread per client, each making its i-th call to `method_of(client, i)` of
// `destination` until `stop`; all start together once every thread exists.
Measurement run_clients(const Clients& clients, const std::string& destination,
                        const std::function<Method(size_t, size_t)>& method_of, Stop stop,
                        const Expectations& expected, const Servers& servers) {
    std::vector<ClientRecord> records(clients.size());
    std::atomic<bool> start{false};
    Clock::time_point deadline; // written before `start`, read after it
    std::vector<std::thread> threads;
    for (size_t client = 0; client < clients.size(); ++client)
        threads.emplace_back([&, client] {
            while (!start.load(std::memory_order_acquire))
                std::this_thread::yield();
            ClientRecord& record = records[client];
            for (size_t i = 0; stop.calls_per_client ? i < stop.calls_per_client
                                                     : Clock::now() < deadline;
                 ++i) {
                CallResult result =
                    timed_call(clients[client]->get(), destination.c_str(),
                               method_of(client, i), expected);
                record.latencies_ns.push_back(result.latency_ns);
                if (!result.failure.empty() && record.failed++ == 0)
                    record.first_failure = std::move(result.failure);
            }
        });
    // The threads spin on `start` for a moment; let them settle into it before the window.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const Usage before = usage_now(servers);
    deadline = before.at + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(stop.seconds));
    start.store(true, std::memory_order_release);
    for (auto& thread : threads)
        thread.join();
    const Usage after = usage_now(servers);

    Measurement measurement;
    for (auto& record : records) {
        measurement.calls += record.latencies_ns.size();
        measurement.failed += record.failed;
        if (measurement.first_failure.empty())
            measurement.first_failure = record.first_failure;
        measurement.latencies_ns.insert(measurement.latencies_ns.end(),
                                        record.latencies_ns.begin(), record.latencies_ns.end());
    }
    measurement.wall_seconds = std::chrono::duration<double>(after.at - before.at).count();
    measurement.client_cpu_seconds = after.client - before.client;
    measurement.daemon_cpu_seconds = after.daemon - before.daemon;
    measurement.replay_cpu_seconds = after.replay - before.replay;
    measurement.bus_cpu_seconds = after.bus - before.bus;
    measurement.machine = {after.machine.busy - before.machine.busy,
                           after.machine.total - before.machine.total};
    return measurement;
}

} // namespace

void accumulate(Measurement& total, const Measurement& part) {
    total.calls += part.calls;
    total.failed += part.failed;
    if (total.first_failure.empty())
        total.first_failure = part.first_failure;
    total.wall_seconds += part.wall_seconds;
    total.latencies_ns.insert(total.latencies_ns.end(), part.latencies_ns.begin(),
                              part.latencies_ns.end());
    total.client_cpu_seconds += part.client_cpu_seconds;
    total.daemon_cpu_seconds += part.daemon_cpu_seconds;
    total.replay_cpu_seconds += part.replay_cpu_seconds;
    total.bus_cpu_seconds += part.bus_cpu_seconds;
    total.machine.busy += part.machine.busy;
    total.machine.total += part.machine.total;
}

Measurement measure_for_seconds(const Clients& clients, const std::string& destination,
                                Method method, double seconds, const Expectations& expected,
                                const Servers& servers) {
    return run_clients(
        clients, destination, [method](size_t, size_t) { return method; }, Stop{0, seconds},
        expected, servers);
}

Measurement measure_mixed_calls(const Clients& clients, const std::vector<Method>& mix,
                                size_t calls_per_client, const Expectations& expected,
                                const Servers& servers) {
    return run_clients(
        clients, wire::kBusName,
        [&mix](size_t client, size_t i) { return mix[(client + i) % mix.size()]; },
        Stop{calls_per_client, 0}, expected, servers);
}

} // namespace modmgr::bench
