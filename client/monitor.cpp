#include "monitor.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <system_error>

#include <sdbus-c++/sdbus-c++.h>

#include "exit_codes.h"
#include "json_output.h"
#include "monitor_event.h"
#include "system_bus.h"
#include "termination_signals.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

using namespace std::chrono_literals;

// arg0 keeps the bus from sending us every other name's changes.
const std::string kOwnerChangedMatch =
    std::string("type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='") +
    wire::kBusName + "'";
constexpr std::chrono::milliseconds kFirstRetry = 250ms;
constexpr std::chrono::milliseconds kLongestRetry = 8s;

class Monitor {
public:
    Monitor(const CommandLine& line, std::ostream& out, std::ostream& notices)
        : line_(line), out_(out), notices_(notices) {}

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
        std::unique_ptr<sdbus::IConnection> connection;
        std::unique_ptr<sdbus::IProxy> manager;
        sdbus::Slot owner_watch;
        try {
            connection = connect_system_bus(line_.host);
            // Signal matches name the service, not its current unique name: the bus keeps
            // delivering from whichever process owns org.modmgr1 next.
            manager = sdbus::createProxy(*connection, wire::kBusName, wire::kManagerPath);
            manager->uponSignal(wire::manager_signal::kModulesChanged)
                .onInterface(wire::kManagerInterface)
                .call([this](const std::vector<std::string>& loaded,
                             const std::vector<std::string>& unloaded, const std::string& action,
                             int32_t caller_uid) { print(loaded, unloaded, action, caller_uid); });
            manager->uponSignal(wire::manager_signal::kConfigChanged)
                .onInterface(wire::kManagerInterface)
                .call([this](const std::string& module) {
                    print_event(config_changed_event(module, now()));
                });
            manager->finishRegistration();
            owner_watch = connection->addMatch(kOwnerChangedMatch, [this](sdbus::Message& message) {
                std::string name, old_owner, new_owner;
                message >> name >> old_owner >> new_owner;
                if (new_owner.empty())
                    daemon_went_away();
                else
                    daemon_came_back();
            });
            ensure_daemon_runs(*manager, first);
        } catch (const CommandFailure&) {
            if (first)
                throw;
            return Session::NotEstablished;
        } catch (const sdbus::Error&) {
            if (first)
                throw;
            return Session::NotEstablished;
        }
        try {
            pump(*connection, signals);
            return Session::Stopped;
        } catch (const sdbus::Error&) {
            // sd-bus reports a closed connection as an error from processing or polling it.
            return Session::Lost;
        }
    }

    // Events flow only while modmgrd runs: reading a property starts it by D-Bus activation
    // when it is not running yet. The first notice tells a reader (a person, a test) that from
    // now on no event is missed.
    void ensure_daemon_runs(sdbus::IProxy& manager, bool first) {
        try {
            const uint32_t loaded =
                manager.getProperty(wire::manager_property::kLoadedCount)
                    .onInterface(wire::kManagerInterface)
                    .get<uint32_t>();
            if (first)
                notice("monitoring modmgrd (" + std::to_string(loaded) + " modules loaded)");
            daemon_came_back();
        } catch (const sdbus::Error&) {
            if (first)
                throw;
            daemon_went_away();
        }
    }

    // Returns when a termination signal arrives.
    void pump(sdbus::IConnection& connection, TerminationSignals& signals) {
        while (true) {
            // Drain first: a synchronous call may have queued messages the socket no longer shows.
            while (connection.processPendingRequest())
                check_output();
            check_output();
            const auto poll_data = connection.getEventLoopPollData();
            pollfd fds[] = {{poll_data.fd, poll_data.events, 0}, {signals.fd(), POLLIN, 0}};
            if (::poll(fds, 2, poll_data.getPollTimeout()) < 0 && errno != EINTR)
                throw std::system_error(errno, std::generic_category(), "poll");
            if ((fds[1].revents & POLLIN) && signals.received())
                return;
        }
    }

    void print(const std::vector<std::string>& loaded, const std::vector<std::string>& unloaded,
               const std::string& action, int32_t caller_uid) {
        for (const auto& event : events_of_change(loaded, unloaded, action, caller_uid, now()))
            print_event(event);
    }

    void print_event(const MonitorEvent& event) {
        out_ << (line_.json ? render_json(monitor_event_json(event)) : format_monitor_event(event))
             << std::flush;
    }

    static std::string now() { return iso8601_local_time(std::chrono::system_clock::now()); }

    // sdbus-c++ swallows exceptions thrown by signal handlers, so a failed write is noticed here.
    void check_output() {
        if (!out_)
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

    void notice(const std::string& text) { notices_ << "modctl: " << text << std::endl; }

    const CommandLine& line_;
    std::ostream& out_;
    std::ostream& notices_;
    bool daemon_away_ = false;
};

} // namespace

void run_monitor(const CommandLine& line, std::ostream& out, std::ostream& notices) {
    Monitor(line, out, notices).run();
}

} // namespace modmgr
