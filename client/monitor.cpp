#include "monitor.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <exception>
#include <system_error>
#include <utility>

#include "bus_error.h"
#include "bus_reader.h"
#include "exit_codes.h"
#include "json_output.h"
#include "monitor_event.h"
#include "monitor_filter.h"
#include "system_bus.h"
#include "termination_signals.h"
#include "user_name.h"
#include "wire_contract.h"
#include "wire_signatures.h"

namespace modmgr {

namespace {

using namespace std::chrono_literals;

// The bus itself, the sender of NameOwnerChanged.
constexpr char kBusDriver[] = "org.freedesktop.DBus";

// arg0 keeps the bus from sending us every other name's changes. Built when subscribing, not
// as a global: every other command would build it before main() for nothing.
std::string owner_changed_match() {
    return std::string("type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                       "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='") +
           wire::kBusName + "'";
}

constexpr std::chrono::milliseconds kFirstRetry = 250ms;
constexpr std::chrono::milliseconds kLongestRetry = 8s;

class Monitor {
public:
    Monitor(const CommandLine& line, TextOutput& out, TextOutput& notices)
        : line_(line), filter_(line.target.empty() ? std::vector<std::string>{} : line.targets()),
          out_(out), notices_(notices) {}

    void run() {
        TerminationSignals signals;
        auto retry = kFirstRetry;
        for (bool first = true;; first = false) {
            switch (serve(signals, first)) {
            case Session::Stopped:
                return;
            case Session::Lost:
                notice("lost the connection to the system bus; reconnecting");
                daemon_away_ = true;
                retry = kFirstRetry;
                break;
            case Session::NotEstablished:
                break;
            }
            if (signals.wait_for(retry))
                return;
            retry = std::min(retry * 2, kLongestRetry);
        }
    }

private:
    enum class Session { Stopped, Lost, NotEstablished };

    // One connection's lifetime. On the first connection every failure to establish it is the
    // caller's to report; later ones are retried.
    Session serve(TerminationSignals& signals, bool first) {
        BusConnection bus;
        try {
            bus = connect_system_bus(line_.host);
            // Signal matches name the service, not its current unique name: the bus keeps
            // delivering from whichever process owns org.modmgr1 next. The matches are the
            // connection's own (no slot), so they go with it.
            check_bus_result(sd_bus_match_signal(bus.get(), nullptr, wire::kBusName,
                                                 wire::kManagerPath, wire::kManagerInterface,
                                                 wire::manager_signal::kModulesChanged,
                                                 &Monitor::on_signal, this),
                             nullptr, "Failed to subscribe to a signal");
            auto matches = filter_.argument_matches();
            matches.push_back(owner_changed_match());
            for (const auto& match : matches)
                check_bus_result(sd_bus_add_match(bus.get(), nullptr, match.c_str(),
                                                  &Monitor::on_signal, this),
                                 nullptr, "Failed to add a match");
            ensure_daemon_runs(bus.get(), first);
        } catch (const CommandFailure&) {
            if (first)
                throw;
            return Session::NotEstablished;
        } catch (const BusError&) {
            if (first)
                throw;
            return Session::NotEstablished;
        }
        try {
            pump(bus.get(), signals);
            return Session::Stopped;
        } catch (const BusError&) {
            // sd-bus reports a closed connection as an error from processing or polling it.
            return Session::Lost;
        }
    }

    // Events flow only while modmgrd runs: reading a property starts it by D-Bus activation
    // when it is not running yet, and its reply names the connection that is modmgrd. The
    // first notice tells a reader (a person, a test) that from now on no event is missed.
    void ensure_daemon_runs(sd_bus* bus, bool first) {
        try {
            OwnedBusError error;
            sd_bus_message* raw_reply = nullptr;
            check_bus_result(sd_bus_get_property(bus, wire::kBusName, wire::kManagerPath,
                                                 wire::kManagerInterface,
                                                 wire::manager_property::kLoadedCount,
                                                 &error.error, &raw_reply, "u"),
                             &error.error, "Failed to get property");
            const BusMessage reply(raw_reply); // positioned inside the variant
            const auto loaded = bus::read<uint32_t>(reply.get(), 'u');
            const char* sender = sd_bus_message_get_sender(reply.get());
            daemon_ = sender ? sender : "";
            if (first)
                notice("monitoring modmgrd (" + std::to_string(loaded) + " modules loaded)");
            daemon_came_back();
        } catch (const BusError&) {
            if (first)
                throw;
            daemon_went_away();
        }
    }

    // Returns when a termination signal arrives.
    void pump(sd_bus* bus, TerminationSignals& signals) {
        while (true) {
            // Drain first: a synchronous call may have queued messages the socket no longer shows.
            while (check_bus_result(sd_bus_process(bus, nullptr), nullptr,
                                    "Failed to process bus requests") > 0)
                check_handlers();
            check_handlers();
            pollfd fds[] = {{check_bus_result(sd_bus_get_fd(bus), nullptr, "Failed to get bus fd"),
                             static_cast<short>(check_bus_result(sd_bus_get_events(bus), nullptr,
                                                                 "Failed to get bus events")),
                             0},
                            {signals.fd(), POLLIN, 0}};
            if (::poll(fds, 2, poll_timeout(bus)) < 0 && errno != EINTR)
                throw std::system_error(errno, std::generic_category(), "poll");
            if ((fds[1].revents & POLLIN) && signals.received())
                return;
        }
    }

    // sd-bus's next deadline (absolute, CLOCK_MONOTONIC) as poll(2)'s milliseconds from now.
    static int poll_timeout(sd_bus* bus) {
        uint64_t deadline = 0;
        check_bus_result(sd_bus_get_timeout(bus, &deadline), nullptr, "Failed to get bus timeout");
        if (deadline == UINT64_MAX)
            return -1;
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        const uint64_t now_usec = uint64_t(now.tv_sec) * 1000000 + uint64_t(now.tv_nsec) / 1000;
        // Rounded up: poll(2) would otherwise return before the deadline.
        return deadline <= now_usec ? 0 : static_cast<int>((deadline - now_usec + 999) / 1000);
    }

    // The one callback of every match; exceptions must not unwind through sd-bus's C frames.
    static int on_signal(sd_bus_message* message, void* monitor, sd_bus_error*) {
        auto* self = static_cast<Monitor*>(monitor);
        try {
            self->dispatch(message);
        } catch (const BusError&) {
            // A signal whose arguments are not what the interface says is skipped.
        } catch (...) {
            self->handler_failure_ = std::current_exception();
        }
        return 0;
    }

    // Anyone may send a signal to this connection directly, and sd-bus passes it to a match
    // naming a well-known sender (it cannot tell whose name that is): only the bus's own
    // NameOwnerChanged and the signals of the connection that owns org.modmgr1 count.
    void dispatch(sd_bus_message* message) {
        const char* sender_or_null = sd_bus_message_get_sender(message);
        const std::string sender = sender_or_null ? sender_or_null : "";
        if (sd_bus_message_is_signal(message, kBusDriver, "NameOwnerChanged") > 0) {
            if (sender != kBusDriver)
                return;
            bus::skip(message, "ss"); // name, old owner
            daemon_ = bus::read_string(message);
            if (daemon_.empty())
                daemon_went_away();
            else
                daemon_came_back();
        } else if (daemon_.empty() || sender != daemon_) {
            return;
        } else if (is_signal(message, wire::manager_signal::kModulesChanged,
                             wire_signature::kModulesChanged)) {
            const auto loaded = bus::read_strings(message);
            const auto unloaded = bus::read_strings(message);
            const auto action = bus::read_string(message);
            const auto caller_uid = bus::read<int32_t>(message, 'i');
            print(loaded, unloaded, action, caller_uid);
        } else if (is_signal(message, wire::manager_signal::kConfigSettingChanged,
                             wire_signature::kConfigSettingChanged)) {
            const auto module = bus::read_string(message);
            const auto setting = bus::read_string(message);
            const auto value = bus::read_string(message);
            const auto action = bus::read_string(message);
            const auto caller_uid = bus::read<int32_t>(message, 'i');
            print_event(config_changed_event(module, setting, value, action, caller_uid, now()));
        } else if (is_signal(message, wire::manager_signal::kDeviceChanged,
                             wire_signature::kDeviceChanged)) {
            const auto action = bus::read_string(message);
            const auto device = bus::read_string(message);
            const auto modalias = bus::read_string(message);
            const auto driver = bus::read_string(message);
            const auto module = bus::read_string(message);
            if (const auto event =
                    device_changed_event(action, device, modalias, driver, module, now()))
                print_event(*event);
        }
    }

    static bool is_signal(sd_bus_message* message, const char* member, const char* signature) {
        return sd_bus_message_is_signal(message, wire::kManagerInterface, member) > 0 &&
               sd_bus_message_has_signature(message, signature) > 0;
    }

    // A failed write, or a handler's own failure, ends the monitor here.
    void check_handlers() {
        if (handler_failure_)
            std::rethrow_exception(std::exchange(handler_failure_, nullptr));
        check_output();
    }

    void print(const std::vector<std::string>& loaded, const std::vector<std::string>& unloaded,
               const std::string& action, int32_t caller_uid) {
        for (const auto& event : events_of_change(loaded, unloaded, action, caller_uid, now()))
            print_event(event);
    }

    void print_event(MonitorEvent event) {
        if (!filter_.wants(event.module))
            return;
        // A uid from --host's machine is not this one's user.
        if (event.caller_uid && line_.host.empty())
            event.user = local_user_name(static_cast<uid_t>(*event.caller_uid));
        out_ << (line_.json ? render_json(monitor_event_json(event), line_.json_mode)
                            : format_monitor_event(event));
        out_.flush();
    }

    static std::string now() { return iso8601_local_time(std::chrono::system_clock::now()); }

    // A failed write sets the stream's error rather than throwing; noticed here.
    void check_output() {
        if (!out_.ok())
            throw CommandFailure(ExitCode::Failure, "cannot write the output");
    }

    void daemon_went_away() {
        if (!daemon_away_)
            notice("modmgrd went away; waiting for it");
        daemon_away_ = true;
    }

    void daemon_came_back() {
        if (daemon_away_)
            notice("modmgrd is back");
        daemon_away_ = false;
    }

    void notice(const std::string& text) {
        notices_ << "modctl: " << text << '\n';
        notices_.flush();
    }

    const CommandLine& line_;
    const MonitorFilter filter_;
    TextOutput& out_;
    TextOutput& notices_;
    bool daemon_away_ = false;
    // The unique name of the connection that is modmgrd; empty while none is.
    std::string daemon_;
    std::exception_ptr handler_failure_;
};

} // namespace

void run_monitor(const CommandLine& line, TextOutput& out, TextOutput& notices) {
    Monitor(line, out, notices).run();
}

} // namespace modmgr
