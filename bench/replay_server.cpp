// modmgr-bench-replay-server: the floor under issue 12's P5 and P5g. A server on the same bus
// that does nothing per call but what any sd-bus server must: it answers Info, List and
// GetManagedObjects on /org/modmgr1 with the very replies modmgrd gave it once at start, built
// again for each call by sd-bus's appends alone (recorded_body.h), and Peer.Ping as sd-bus does
// (its built-in handler, as in modmgrd). It reads no argument: its replies do not depend on
// them. One thread, one sd-event loop driving one sd-bus connection, as modmgrd's bus thread.
// What modmgr-bus-throughput measures here is what the bus, sd-bus and the size of modmgrd's
// replies cost; what modmgrd takes beyond it is its own.
//
//   modmgr-bench-replay-server --address ADDRESS --name NAME
//                              [--hand-off-name NAME2 --kernel-state FILE]
//
// Asks org.modmgr1 for its replies (modmgr-bus-throughput starts it once modmgrd runs), then
// owns NAME (a bench-only policy lets root own it and anyone call it, as dbus/org.modmgr1.conf
// does for org.modmgr1) and serves until killed or the bus goes away. With --hand-off-name it
// also owns NAME2, where Info and List, the calls modmgrd answers after reading the kernel on
// a worker thread, go through the same hand-off with the same read of FILE (worker_hand_off.h)
// before their reply: the floor of a server that reads the kernel as this project requires.
// Exits 1 when it cannot, 2 on bad arguments.
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "bus_calls.h"
#include "recorded_body.h"
#include "wire_contract.h"
#include "worker_hand_off.h"

using namespace modmgr::bench;

namespace {

constexpr std::array<Method, 3> kReplayed = {Method::Info, Method::List,
                                             Method::GetManagedObjects};

struct Recorded {
    Method method;
    std::optional<RecordedBody> body;
};
using Replies = std::array<Recorded, kReplayed.size()>;

// What on_call needs: the replies, and the hand-off for calls to its name (null without one).
struct Server {
    Replies replies;
    std::string hand_off_name;
    std::unique_ptr<WorkerHandOff> hand_off;
};

std::string failure(const char* what, int r) {
    return std::string(what) + ": " + std::strerror(-r);
}

int send_reply(sd_bus_message* call, const Recorded& recorded) {
    sd_bus_message* reply = nullptr;
    int r = sd_bus_message_new_method_return(call, &reply);
    if (r >= 0)
        r = recorded.body->append_to(reply);
    if (r >= 0)
        r = sd_bus_send(nullptr, reply, nullptr);
    sd_bus_message_unref(reply);
    return r;
}

// What modmgrd hands to a read worker: Info and List read the kernel there; it answers
// GetManagedObjects from its own state on the loop.
bool handed_off_in_modmgrd(Method method) {
    return method == Method::Info || method == Method::List;
}

// The per-call path: C calls into sd-bus only. A call that is none of the replayed methods is
// left to sd-bus (Peer.Ping is answered before this handler is asked; anything else gets
// UnknownMethod).
int on_call(sd_bus_message* call, void* userdata, sd_bus_error* error) {
    auto* server = static_cast<Server*>(userdata);
    for (const Recorded& recorded : server->replies) {
        if (!is_call_of(call, recorded.method))
            continue;
        const char* destination = sd_bus_message_get_destination(call);
        if (server->hand_off && handed_off_in_modmgrd(recorded.method) && destination &&
            server->hand_off_name == destination) {
            server->hand_off->submit(call, &recorded);
            return 1;
        }
        const int r = send_reply(call, recorded);
        return r < 0 ? sd_bus_error_set_errno(error, r) : 1;
    }
    return 0;
}

// modmgrd's replies, each checked once: a body built from the recording reads back exactly as
// modmgrd's, so the clients get modmgrd's bytes and signature, not something like them.
Replies record_replies(sd_bus* bus) {
    Replies replies{};
    for (size_t i = 0; i < kReplayed.size(); ++i) {
        const Method method = kReplayed[i];
        sd_bus_error error = SD_BUS_ERROR_NULL;
        sd_bus_message* reply = nullptr;
        int r = call_method(bus, modmgr::wire::kBusName, method, &error, &reply);
        const std::string message = r < 0 && error.message ? error.message : "";
        sd_bus_error_free(&error);
        if (r < 0)
            throw std::runtime_error(std::string("modmgrd's ") + method_label(method) +
                                     " failed: " + (message.empty() ? std::strerror(-r) : message));
        replies[i] = {method, RecordedBody(reply)};
        sd_bus_message* built = nullptr;
        r = sd_bus_message_new_method_call(bus, &built, nullptr, "/", nullptr, "Check");
        if (r >= 0)
            r = replies[i].body->append_to(built);
        if (r >= 0)
            r = sd_bus_message_seal(built, 1, 0);
        const bool same = r >= 0 &&
                          std::strcmp(sd_bus_message_get_signature(built, 1),
                                      sd_bus_message_get_signature(reply, 1)) == 0 &&
                          body_text(built) == body_text(reply);
        sd_bus_message_unref(built);
        sd_bus_message_unref(reply);
        if (!same)
            throw std::runtime_error(std::string("the recording of modmgrd's ") +
                                     method_label(method) + " reply does not rebuild it");
    }
    return replies;
}

struct Arguments {
    std::string address, name, hand_off_name, kernel_state;
};

int serve(const Arguments& args) {
    BusConnection connection(args.address);
    sd_bus* bus = connection.get();
    Server server{record_replies(bus), args.hand_off_name, nullptr};
    sd_event* event = nullptr;
    int r = sd_event_default(&event);
    if (r >= 0 && !args.hand_off_name.empty())
        server.hand_off = std::make_unique<WorkerHandOff>(
            event, args.kernel_state, [](sd_bus_message* call, const void* tag) {
                // The caller may have gone away; nothing else to do, as in modmgrd.
                send_reply(call, *static_cast<const Recorded*>(tag));
            });
    if (r >= 0)
        r = sd_bus_attach_event(bus, event, SD_EVENT_PRIORITY_NORMAL);
    if (r >= 0)
        r = sd_bus_set_exit_on_disconnect(bus, 1);
    if (r >= 0)
        r = sd_bus_add_object(bus, nullptr, modmgr::wire::kManagerPath, on_call, &server);
    if (r >= 0)
        r = sd_bus_request_name(bus, args.name.c_str(), 0);
    if (r >= 0 && !args.hand_off_name.empty())
        r = sd_bus_request_name(bus, args.hand_off_name.c_str(), 0);
    if (r >= 0)
        r = sd_event_loop(event);
    sd_bus_detach_event(bus);
    server.hand_off.reset();
    sd_event_unref(event);
    if (r < 0)
        throw std::runtime_error(failure("serving failed", r));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const bool hand_off = argc == 9;
    if ((argc != 5 && !hand_off) || std::strcmp(argv[1], "--address") != 0 ||
        std::strcmp(argv[3], "--name") != 0 ||
        (hand_off && (std::strcmp(argv[5], "--hand-off-name") != 0 ||
                      std::strcmp(argv[7], "--kernel-state") != 0))) {
        std::fprintf(stderr,
                     "usage: %s --address ADDRESS --name NAME [--hand-off-name NAME2 "
                     "--kernel-state FILE]\n", argv[0]);
        return 2;
    }
    try {
        return serve({argv[2], argv[4], hand_off ? argv[6] : "", hand_off ? argv[8] : ""});
    } catch (const std::exception& e) {
        std::fprintf(stderr, "modmgr-bench-replay-server: %s\n", e.what());
        return 1;
    }
}
