// modmgr-bus-throughput: how many calls per second modmgrd answers to 8 concurrent clients,
// against what the same bus carries when the daemon's sd-bus answers by itself (Peer.Ping),
// and how its memory grows; issue 12's rows P5, P5g and P6's "after 10,000 calls". Started by
// bench/bus-throughput, which sets up the private bus and the daemon (see bench/README.md):
//   modmgr-bus-throughput --address ADDRESS --daemon-pid PID --bus-pid PID --modules N
//                         [--seconds S]
// Exits 1 when any call failed or got a wrong reply, 2 on bad arguments.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "client_load.h"
#include "report.h"

using namespace modmgr::bench;

namespace {

struct Options {
    std::string address;
    Servers servers;
    Expectations expected;
    double seconds = 5;
};

constexpr size_t kClients = 8;
constexpr size_t kMixedCalls = 10000;
static_assert(kMixedCalls % kClients == 0, "every client makes the same number of calls");
// Seconds the daemon is left alone before its RSS is read, so that a reading is of a daemon at
// rest, not of one still answering.
constexpr auto kSettle = std::chrono::seconds(2);

std::optional<Options> parse(int argc, char** argv) {
    const std::set<std::string> known = {"--address", "--daemon-pid", "--bus-pid", "--modules",
                                         "--seconds"};
    std::map<std::string, std::string> given;
    for (int i = 1; i + 1 < argc; i += 2)
        given[argv[i]] = argv[i + 1];
    for (const auto& [name, value] : given)
        if (!known.count(name))
            return std::nullopt;
    if (argc % 2 == 0 || !given.count("--address") || !given.count("--daemon-pid") ||
        !given.count("--bus-pid") || !given.count("--modules"))
        return std::nullopt;
    Options options;
    options.address = given["--address"];
    options.servers = {static_cast<pid_t>(std::stol(given["--daemon-pid"])),
                       static_cast<pid_t>(std::stol(given["--bus-pid"]))};
    options.expected.loaded_modules = std::stoul(given["--modules"]);
    if (given.count("--seconds"))
        options.seconds = std::stod(given["--seconds"]);
    return options;
}

void wait_for_daemon(const BusConnection& connection, pid_t daemon) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!daemon_owns_its_name(connection.get())) {
        if (::kill(daemon, 0) != 0)
            throw std::runtime_error("modmgrd exited before it owned org.modmgr1");
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("modmgrd did not own org.modmgr1 within 30 s");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

long settled_rss_kib(pid_t daemon) {
    std::this_thread::sleep_for(kSettle);
    return process_rss_kib(daemon);
}

struct Row {
    std::string label;
    Measurement measurement;
    Summary summary;
};

Row measure(const Clients& clients, Method method, const Options& options, const char* note) {
    std::printf("measuring %s for %g s%s\n", method_label(method), options.seconds, note);
    std::fflush(stdout);
    Row row{std::string(method_label(method)) + note,
            measure_for_seconds(clients, method, options.seconds, options.expected,
                                options.servers),
            {}};
    row.summary = summarize(row.measurement);
    return row;
}

// modmgrd's VmRSS in KiB, each read kSettle after the last reply.
struct Rss {
    long idle = 0;
    long after_mixed_calls = 0;
    long after_run = 0;
};

struct Results {
    Row first_ping, info, list, objects, last_ping, mixed;
    Rss rss;
};

void print_results(const Results& r, double seconds) {
    const std::vector<const Row*> rows = {&r.first_ping, &r.info, &r.list, &r.objects,
                                          &r.last_ping, &r.mixed};
    std::printf("\n%zu clients, each its own connection, synchronous calls back to back, %g s "
                "per method:\n", kClients, seconds);
    print_throughput_header();
    for (const Row* row : rows)
        print_throughput_row(row->label, row->measurement, row->summary);
    std::printf("\nWho was busy (others: every other process on the machine):\n");
    print_busy_header();
    for (const Row* row : rows)
        print_busy_row(row->label, row->measurement);

    const Summary& first = r.first_ping.summary;
    const Summary& last = r.last_ping.summary;
    const double ping_rate = (first.calls_per_second + last.calls_per_second) / 2;
    const double ping_p50 = (first.p50_ms + last.p50_ms) / 2;
    std::printf("\nPing, the bus's ceiling: the mean of the first and last Ping, %.0f calls/s, "
                "p50 %.3f ms (last ÷ first calls/s: %.2f)\n",
                ping_rate, ping_p50, last.calls_per_second / first.calls_per_second);
    std::printf("modmgrd VmRSS: idle %ld KiB, after %zu mixed calls %ld KiB, after the whole run "
                "%ld KiB (each read %lld s after the last reply)\n\n", r.rss.idle, kMixedCalls,
                r.rss.after_mixed_calls, r.rss.after_run,
                static_cast<long long>(kSettle.count()));
    print_goal("P5", "Info calls/s / Ping calls/s", r.info.summary.calls_per_second / ping_rate,
               0.6, true);
    print_goal("P5", "List calls/s / Ping calls/s", r.list.summary.calls_per_second / ping_rate,
               0.4, true);
    print_goal("P5g", "GetManagedObjects p50 / Ping p50", r.objects.summary.p50_ms / ping_p50,
               3.0, false);
    const auto idle = static_cast<double>(r.rss.idle);
    print_goal("P6", "RSS after 10,000 mixed calls / idle RSS",
               static_cast<double>(r.rss.after_mixed_calls) / idle, 1.1, false);
    std::printf("     RSS after the whole run / idle RSS: %.2f (no goal)\n",
                static_cast<double>(r.rss.after_run) / idle);
}

int run(const Options& options) {
    Clients clients;
    for (size_t i = 0; i < kClients; ++i)
        clients.push_back(std::make_unique<BusConnection>(options.address));
    wait_for_daemon(*clients.front(), options.servers.daemon);
    Results r;
    r.rss.idle = settled_rss_kib(options.servers.daemon);

    const std::vector<Method> mix = {Method::Info, Method::List, Method::GetConfiguration,
                                     Method::GetManagedObjects, Method::Ping};
    std::printf("making %zu mixed calls (Info, List, GetConfiguration, GetManagedObjects, "
                "Ping in turn, %zu of each)\n", kMixedCalls, kMixedCalls / mix.size());
    std::fflush(stdout);
    r.mixed = {"10,000 mixed", measure_mixed_calls(clients, mix, kMixedCalls / kClients,
                                                   options.expected, options.servers), {}};
    r.mixed.summary = summarize(r.mixed.measurement);
    r.rss.after_mixed_calls = settled_rss_kib(options.servers.daemon);

    r.first_ping = measure(clients, Method::Ping, options, " (first)");
    r.info = measure(clients, Method::Info, options, "");
    r.list = measure(clients, Method::List, options, "");
    r.objects = measure(clients, Method::GetManagedObjects, options, "");
    r.last_ping = measure(clients, Method::Ping, options, " (last)");
    r.rss.after_run = settled_rss_kib(options.servers.daemon);
    print_results(r, options.seconds);

    const size_t failed = r.first_ping.measurement.failed + r.info.measurement.failed +
                          r.list.measurement.failed + r.objects.measurement.failed +
                          r.last_ping.measurement.failed + r.mixed.measurement.failed;
    if (failed > 0) {
        std::printf("\nFAILED: %zu calls failed or got a wrong reply\n", failed);
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::optional<Options> options;
    try {
        options = parse(argc, argv);
    } catch (const std::exception&) {
        options.reset();
    }
    if (!options) {
        std::fprintf(stderr,
                     "usage: %s --address ADDRESS --daemon-pid PID --bus-pid PID --modules N "
                     "[--seconds S]\n", argv[0]);
        return 2;
    }
    try {
        return run(*options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "modmgr-bus-throughput: %s\n", e.what());
        return 1;
    }
}
