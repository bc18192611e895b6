#pragma once
// The replay server's second floor (replay_server.cpp, --hand-off-name): what this project
// requires of a call that reads the kernel, done with nothing around it. The loop thread
// queues the call for one of two worker threads (modmgrd's read pool has two), which reads the
// kernel's state as modmgrd's worker would (here the simulated kernel's state file, read as
// SimulatedState reads it: read_settled, then compared with the last reading) and hands the call
// back through an eventfd on the loop's sd-event, written only for the first call of a batch
// (as EventLoop::post). The loop then replies. modmgrd's own work per call is what it takes
// beyond this floor.
//
// Thread-safety: submit() and the replies run on the loop thread. The workers touch no
// sd-bus object, only the queues: a call's message is referenced and released on the loop,
// since sd-bus's reference counts are not atomic.
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace modmgr::bench {

class WorkerHandOff {
public:
    // `reply(call, tag)` answers a call once it is back on the loop.
    using Reply = std::function<void(sd_bus_message* call, const void* tag)>;

    static constexpr size_t kWorkers = 2;

    // Throws std::runtime_error when the eventfd or its event source cannot be made.
    WorkerHandOff(sd_event* event, std::string kernel_state, Reply reply);
    ~WorkerHandOff();
    WorkerHandOff(const WorkerHandOff&) = delete;
    WorkerHandOff& operator=(const WorkerHandOff&) = delete;

    // Loop thread: hands `call` (referenced until it is answered) to a worker.
    void submit(sd_bus_message* call, const void* tag);

private:
    struct Job {
        sd_bus_message* call;
        const void* tag;
    };

    void work();
    static int on_done(sd_event_source*, int fd, uint32_t, void* self);

    std::string kernel_state_;
    Reply reply_;
    int done_fd_ = -1;
    sd_event_source* done_source_ = nullptr;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::deque<Job> queued_, done_;
    std::vector<std::thread> workers_;
};

} // namespace modmgr::bench
