// modmgr-bus-throughput: how many calls per second modmgrd answers to 8 concurrent clients,
// against what the same bus carries when the daemon's sd-bus answers by itself (Peer.Ping),
// and how its memory grows; issue 12's rows P5, P5g and P6's "after 10,000 calls". Then the
// same measurements of the replay server (replay_server.cpp, started here), which answers with
// modmgrd's own replies and does nothing else: each goal's floor; with --hand-off-name, the
// same server also answers Info and List through the worker hand-off and kernel read this
// project requires of them (worker_hand_off.h), a second floor for those rows. Started by
// bench/bus-throughput, which sets up the private bus and the daemon (see bench/README.md):
//   modmgr-bus-throughput --address ADDRESS --daemon-pid PID --bus-pid PID --modules N
//                         --replay-server PATH --replay-name NAME [--seconds S]
//                         [--hand-off-name NAME2 --kernel-state FILE]
// Exits 1 when any call failed or got a wrong reply, 2 on bad arguments.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

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
#include "wire_contract.h"

using namespace modmgr::bench;

namespace {

struct Options {
    std::string address;
    Servers servers;
    Expectations expected;
    std::string replay_server; // its binary
    std::string replay_name;   // the bus name it owns, which the bench's policy allows
    std::string hand_off_name; // its second name, for the hand-off floor ("" for none)
    std::string kernel_state;  // the simulated kernel's state file, which that floor reads
    double seconds = 5;
};

constexpr size_t kClients = 8;
constexpr size_t kMixedCalls = 10000;
static_assert(kMixedCalls % kClients == 0, "every client makes the same number of calls");
// Each server's seconds of a method are split into this many windows, taken in turn.
constexpr size_t kRounds = 5;
// Seconds the daemon is left alone before its RSS is read, so that a reading is of a daemon at
// rest, not of one still answering.
constexpr auto kSettle = std::chrono::seconds(2);

std::optional<Options> parse(int argc, char** argv) {
    const std::set<std::string> known = {"--address",       "--daemon-pid",  "--bus-pid",
                                         "--modules",       "--seconds",     "--replay-server",
                                         "--replay-name",   "--hand-off-name", "--kernel-state"};
    std::map<std::string, std::string> given;
    for (int i = 1; i + 1 < argc; i += 2)
        given[argv[i]] = argv[i + 1];
    for (const auto& [name, value] : given)
        if (!known.count(name))
            return std::nullopt;
    if (argc % 2 == 0 || !given.count("--address") || !given.count("--daemon-pid") ||
        !given.count("--bus-pid") || !given.count("--modules") ||
        !given.count("--replay-server") || !given.count("--replay-name") ||
        given.count("--hand-off-name") != given.count("--kernel-state"))
        return std::nullopt;
    Options options;
    options.address = given["--address"];
    options.servers = {static_cast<pid_t>(std::stol(given["--daemon-pid"])),
                       static_cast<pid_t>(std::stol(given["--bus-pid"]))};
    options.expected.loaded_modules = std::stoul(given["--modules"]);
    options.replay_server = given["--replay-server"];
    options.replay_name = given["--replay-name"];
    if (given.count("--hand-off-name")) {
        options.hand_off_name = given["--hand-off-name"];
        options.kernel_state = given["--kernel-state"];
    }
    if (given.count("--seconds"))
        options.seconds = std::stod(given["--seconds"]);
    return options;
}

// Waits until `name` has an owner; `alive` says whether the process that is to own it still
// runs.
template <typename Alive>
void wait_for_name(const BusConnection& connection, const std::string& name, Alive alive) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!name_has_owner(connection.get(), name.c_str())) {
        if (!alive())
            throw std::runtime_error("the owner of " + name + " exited before it owned it");
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error(name + " had no owner within 30 s");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// The replay server, a child of this process for as long as it is measured.
class ReplayServer {
public:
    ReplayServer(const Options& options, const BusConnection& connection) {
        std::vector<std::string> args = {options.replay_server, "--address", options.address,
                                         "--name", options.replay_name};
        if (!options.hand_off_name.empty())
            args.insert(args.end(), {"--hand-off-name", options.hand_off_name, "--kernel-state",
                                     options.kernel_state});
        std::vector<char*> argv;
        for (auto& arg : args)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        if (::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start " + options.replay_server);
        // It asks for its names in this order.
        wait_for_name(connection,
                      options.hand_off_name.empty() ? options.replay_name : options.hand_off_name,
                      [this] { return ::waitpid(pid_, nullptr, WNOHANG) == 0; });
    }
    ~ReplayServer() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    ReplayServer(const ReplayServer&) = delete;
    ReplayServer& operator=(const ReplayServer&) = delete;

    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = 0;
};

long settled_rss_kib(pid_t daemon) {
    std::this_thread::sleep_for(kSettle);
    return process_rss_kib(daemon);
}

struct Row {
    std::string label;
    Measurement measurement;
    Summary summary;
};

// One server's measurements, Ping before and after so that drift shows.
struct ServerRows {
    Row first_ping, info, list, objects, last_ping;
};

struct Target {
    std::string destination;
    std::string label; // how a row names the server: empty for modmgrd
    ServerRows* rows;
};

// Each method is measured on every target in turn, in kRounds short windows each, so that
// both servers' readings of a method see the same machine: on a shared one, other builds
// come and go within seconds.
void measure_side_by_side(const Clients& clients, const std::vector<Target>& targets,
                          const Options& options, const Servers& servers) {
    const struct {
        Row ServerRows::*row;
        Method method;
        const char* note;
    } steps[] = {{&ServerRows::first_ping, Method::Ping, " (first)"},
                 {&ServerRows::info, Method::Info, ""},
                 {&ServerRows::list, Method::List, ""},
                 {&ServerRows::objects, Method::GetManagedObjects, ""},
                 {&ServerRows::last_ping, Method::Ping, " (last)"}};
    for (const auto& step : steps) {
        std::printf("measuring %s%s for %g s on each server, in %zu rounds\n",
                    method_label(step.method), step.note, options.seconds, kRounds);
        std::fflush(stdout);
        for (const Target& target : targets)
            target.rows->*step.row = {target.label + method_label(step.method) + step.note,
                                      {}, {}};
        for (size_t round = 0; round < kRounds; ++round)
            for (const Target& target : targets)
                accumulate((target.rows->*step.row).measurement,
                           measure_for_seconds(clients, target.destination, step.method,
                                               options.seconds / kRounds, options.expected,
                                               servers));
        for (const Target& target : targets)
            (target.rows->*step.row).summary = summarize((target.rows->*step.row).measurement);
    }
}

// modmgrd's VmRSS in KiB, each read kSettle after the last reply.
struct Rss {
    long idle = 0;
    long after_mixed_calls = 0;
    long after_run = 0;
};

struct Results {
    ServerRows modmgrd, replay;
    std::optional<ServerRows> hand_off; // when measured
    Row mixed;
    Rss rss;
};

PingBaseline print_ping(const char* server, const ServerRows& rows) {
    const PingBaseline ping = ping_baseline(rows.first_ping.summary, rows.last_ping.summary);
    std::printf("Ping to %s: the mean of its first and last Ping, %.0f calls/s, p50 %.3f ms "
                "(last ÷ first calls/s: %.2f)\n", server, ping.calls_per_second, ping.p50_ms,
                rows.last_ping.summary.calls_per_second /
                    rows.first_ping.summary.calls_per_second);
    return ping;
}

// A goal as modmgrd meets it, and under it the same ratio on the replay server.
void print_goal_and_floor(const char* row, const char* what, double modmgrd, double floor,
                          double goal, bool at_least, double share) {
    const bool met = print_goal(row, what, modmgrd, goal, at_least);
    print_floor(what, floor, goal, at_least, met, share);
}

// modmgrd's rows, then the replay server's, then its hand-off floor's.
std::vector<const Row*> all_rows(const Results& r) {
    std::vector<const Row*> rows = {&r.mixed};
    for (const ServerRows* server : {&r.modmgrd, &r.replay, r.hand_off ? &*r.hand_off : nullptr})
        if (server)
            rows.insert(rows.end(), {&server->first_ping, &server->info, &server->list,
                                     &server->objects, &server->last_ping});
    return rows;
}

void print_results(const Results& r, double seconds) {
    const std::vector<const Row*> rows = all_rows(r);
    std::printf("\n%zu clients, each its own connection, synchronous calls back to back, %g s "
                "per method; modmgrd and the replay server (modmgrd's replies and nothing "
                "else)%s in turn, method by method:\n",
                kClients, seconds,
                r.hand_off ? ", and under its hand-off name (Info and List through a worker "
                             "thread that reads the kernel's state, as modmgrd's)"
                           : "");
    print_throughput_header();
    for (const Row* row : rows)
        print_throughput_row(row->label, row->measurement, row->summary);
    std::printf("\nWho was busy (others: every other process on the machine):\n");
    print_busy_header();
    for (const Row* row : rows)
        print_busy_row(row->label, row->measurement);

    std::printf("\n");
    const PingBaseline ping = print_ping("modmgrd", r.modmgrd);
    const PingBaseline replay_ping = print_ping("the replay server", r.replay);
    const PingBaseline hand_off_ping =
        r.hand_off ? print_ping("the replay server's hand-off name", *r.hand_off) : PingBaseline{};
    std::printf("modmgrd VmRSS: idle %ld KiB, after %zu mixed calls %ld KiB, after the whole "
                "run %ld KiB (each read %lld s after the last reply)\n\n",
                r.rss.idle, kMixedCalls, r.rss.after_mixed_calls, r.rss.after_run,
                static_cast<long long>(kSettle.count()));
    std::printf("Each goal on modmgrd, then its floor: the same ratio on the replay server "
                "(its own Ping)%s.\n",
                r.hand_off ? "; under Info and List, the floor with the hand-off" : "");
    const ServerRows& m = r.modmgrd;
    const ServerRows& f = r.replay;
    print_goal_and_floor("P5", "Info calls/s / Ping calls/s", rate_ratio(m.info.summary, ping),
                         rate_ratio(f.info.summary, replay_ping), 0.6, true,
                         share_of_floor(m.info.summary, f.info.summary));
    if (r.hand_off)
        print_hand_off_floor("Info calls/s / Ping calls/s",
                             rate_ratio(r.hand_off->info.summary, hand_off_ping), 0.6,
                             share_of_floor(m.info.summary, r.hand_off->info.summary));
    print_goal_and_floor("P5", "List calls/s / Ping calls/s", rate_ratio(m.list.summary, ping),
                         rate_ratio(f.list.summary, replay_ping), 0.4, true,
                         share_of_floor(m.list.summary, f.list.summary));
    if (r.hand_off)
        print_hand_off_floor("List calls/s / Ping calls/s",
                             rate_ratio(r.hand_off->list.summary, hand_off_ping), 0.4,
                             share_of_floor(m.list.summary, r.hand_off->list.summary));
    print_goal_and_floor("P5g", "GetManagedObjects p50 / Ping p50",
                         p50_ratio(m.objects.summary, ping),
                         p50_ratio(f.objects.summary, replay_ping), 3.0, false,
                         share_of_floor(m.objects.summary, f.objects.summary));
    const auto idle = static_cast<double>(r.rss.idle);
    print_goal("P6", "RSS after 10,000 mixed calls / idle RSS",
               static_cast<double>(r.rss.after_mixed_calls) / idle, 1.1, false);
    std::printf("     RSS after the whole run / idle RSS: %.2f (no goal)\n",
                static_cast<double>(r.rss.after_run) / idle);
}

size_t failed_calls(const std::vector<const Row*>& rows) {
    size_t failed = 0;
    for (const Row* row : rows)
        failed += row->measurement.failed;
    return failed;
}

int run(const Options& options) {
    Clients clients;
    for (size_t i = 0; i < kClients; ++i)
        clients.push_back(std::make_unique<BusConnection>(options.address));
    Servers servers = options.servers;
    wait_for_name(*clients.front(), modmgr::wire::kBusName,
                  [&servers] { return ::kill(servers.daemon, 0) == 0; });
    Results r;
    r.rss.idle = settled_rss_kib(servers.daemon);

    const std::vector<Method> mix = {Method::Info, Method::List, Method::GetConfiguration,
                                     Method::GetManagedObjects, Method::Ping};
    std::printf("making %zu mixed calls (Info, List, GetConfiguration, GetManagedObjects, "
                "Ping in turn, %zu of each)\n", kMixedCalls, kMixedCalls / mix.size());
    std::fflush(stdout);
    r.mixed = {"10,000 mixed", measure_mixed_calls(clients, mix, kMixedCalls / kClients,
                                                   options.expected, servers), {}};
    r.mixed.summary = summarize(r.mixed.measurement);
    r.rss.after_mixed_calls = settled_rss_kib(servers.daemon);

    // Started after the RSS readings of P6, whose "idle" means before any call: it asks
    // modmgrd for the replies it replays.
    std::printf("starting the replay server (%s)\n", options.replay_name.c_str());
    std::fflush(stdout);
    ReplayServer replay(options, *clients.front());
    servers.replay = replay.pid();
    std::vector<Target> targets = {{modmgr::wire::kBusName, "", &r.modmgrd},
                                   {options.replay_name, "replay ", &r.replay}};
    if (!options.hand_off_name.empty())
        targets.push_back({options.hand_off_name, "hand-off ", &r.hand_off.emplace()});
    measure_side_by_side(clients, targets, options, servers);
    r.rss.after_run = settled_rss_kib(servers.daemon);
    print_results(r, options.seconds);

    const size_t failed = failed_calls(all_rows(r));
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
                     "--replay-server PATH --replay-name NAME [--seconds S] "
                     "[--hand-off-name NAME2 --kernel-state FILE]\n", argv[0]);
        return 2;
    }
    try {
        return run(*options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "modmgr-bus-throughput: %s\n", e.what());
        return 1;
    }
}
