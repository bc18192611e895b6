// modmgrd's life from start to stop, on whichever KernelPort its main() chose.
//
// Threads:
//  - main: the sd_event loop. ALL D-Bus traffic (calls, replies, signals, polkit and bus
//    queries) happens here.
//  - "read" workers (2): List, Info, GetConfiguration, resolving the names of Load and Unload
//    before polkit is asked, and the kernel re-reads of KernelReconciler's refreshes.
//    Separate from writes so a slow Load never delays them.
//  - "search" worker (1): SearchModules. Its index of the module tree takes a second or more
//    to build after each change of the tree; searches wait for it here, one at a time, and
//    never hold the read workers that List and Info need meanwhile.
//  - "write" workers (3): Load, LoadFile, Unload. Operations touching common modules are
//    serialized by ModuleLocks; unrelated ones run side by side.
//  - "file" workers (2): InfoFile, whose reading of a caller's file may take up to its
//    deadline; List and Info never wait behind it.
//  - "config" worker (1): SetBlacklisted, SetOptions, SetLoadAtBoot, SetMasked and the re-reading of
//    the configuration after a change by hand. One thread, so changes to modmgrd's files
//    happen one at a time.
//  - "device" worker (1): device uevents -> DeviceChanged (DeviceBindings, which reads the
//    driver's module in sysfs). One thread, so the signals keep the uevents' order.
// The counts are maxima: a pool starts a thread only for a job no waiting thread can take, so
// an idle daemon runs the loop alone. Each worker owns its libkmod contexts (made on first
// use), its kept configuration reading and its modinfo cache; results come back through
// EventLoop::post. Reading a caller's file also forks a short-lived child per file
// (deadline_copy.h).
#include "serve.h"

#include <sdbus-c++/sdbus-c++.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <systemd/sd-daemon.h>

#include <malloc.h>

#include <functional>
#include <memory>
#include <thread>

#include "authorization/authorizer.h"
#include "bus/manager_adaptor.h"
#include "kernel/operation_records.h"
#include "runtime/daemon_options.h"
#include "runtime/event_loop.h"
#include "runtime/logging.h"
#include "runtime/project_version.h"
#include "runtime/worker_pool.h"
#include "state/config_monitor.h"
#include "state/device_bindings.h"
#include "state/uevent_monitor.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

ManagerProperties manager_properties(const KmodSettings& settings) {
    struct utsname uts;
    uname(&uts);
    std::string dir = settings.modules_dir.empty()
                          ? std::string("/lib/modules/") + uts.release
                          : settings.modules_dir;
    std::string release = dir.substr(dir.find_last_of('/') + 1);
    return {MODMGR_VERSION, release, dir, settings.layout()};
}

std::vector<std::string> configuration_directories(const ConfigLayout& layout) {
    std::vector<std::string> directories = layout.modprobe_paths;
    directories.insert(directories.end(), layout.modules_load_paths.begin(),
                       layout.modules_load_paths.end());
    return directories;
}

// What a previous modmgrd left half done, in the journal (MESSAGE_ID kInterruptedOperationId).
void report_interrupted_operations(OperationRecords& records, KernelPort& kernel) {
    const auto interrupted = records.take_interrupted();
    if (interrupted.empty())
        return;
    const Snapshot loaded = kernel.snapshot();
    for (const auto& operation : interrupted)
        record_interrupted_operation(operation, describe_interrupted(operation, loaded));
}

} // namespace

int serve(const DaemonOptions& options, KernelPort& kernel) {
    // Declared first, destroyed last: every sdbus message (a pending call's Result, a queued
    // reply) refers to the connection and must go before it.
    auto connection = sdbus::createSystemBusConnection();
    EventLoop loop;
    OperationRecords records(options.runtime_dir);
    report_interrupted_operations(records, kernel);
    auto reads = std::make_unique<WorkerPool>("read", 2, options.kmod, kernel);
    auto writes = std::make_unique<WorkerPool>("write", 3, options.kmod, kernel, &records);
    auto files = std::make_unique<WorkerPool>("file", 2, options.kmod, kernel);
    auto searches = std::make_unique<WorkerPool>("search", 1, options.kmod, kernel);
    auto config = std::make_unique<WorkerPool>("config", 1, options.kmod, kernel);
    auto devices = std::make_unique<WorkerPool>("device", 1, options.kmod, kernel);
    Authorizer authorizer(*connection, options.polkit_timeouts);
    const ManagerProperties properties = manager_properties(options.kmod);
    // The configuration is watched before the manager takes its first reading of it, so that
    // no edit falls between the two; nothing is dispatched before loop.run().
    std::unique_ptr<ManagerAdaptor> manager;
    ConfigMonitor config_monitor(loop, configuration_directories(properties.config),
                                 [&manager] { manager->rescan_configuration(); });
    manager = std::make_unique<ManagerAdaptor>(
        *connection, loop, authorizer, ManagerWorkers{*reads, *writes, *files, *config, *searches}, kernel,
        properties);
    manager->publish_current_state();
    // The device worker's own: the drivers bound, so that an unbind can name its driver.
    DeviceBindings bindings([](std::chrono::milliseconds pause) { std::this_thread::sleep_for(pause); });
    devices->submit(WorkerPool::kDaemonJobs, [&bindings, &kernel](ModuleService&) {
        bindings.read_current(SysfsTree(kernel.sysfs_root()));
    });
    // Every module change, whoever makes it, arrives as a kernel uevent; lost ones (socket
    // overflow) trigger a full rescan, which the registry turns into exactly the changes.
    UeventMonitor uevents(
        loop.event(),
        [&manager](const Uevent& event) {
            if (event.action == "remove")
                manager->reconciler().module_removed_by_kernel(event.module());
            manager->reconciler().refresh(ParameterReading::New);
        },
        [&](const Uevent& event) {
            devices->submit(WorkerPool::kDaemonJobs, [&, event](ModuleService&) {
                const auto change = bindings.change(SysfsTree(kernel.sysfs_root()), event);
                if (change)
                    loop.post([&manager, change = *change] { manager->device_changed(change); });
            });
        },
        // Lost uevents may hide a module unloaded and loaded again with other parameters.
        [&manager] { manager->reconciler().refresh(ParameterReading::All); });
    // Reference counts, holders and parameters change without any uevent (a process opens a
    // device, a module gains a user, an administrator writes to sysfs): re-read them on a
    // cheap schedule. One read of /proc/modules and the parameter files; PropertiesChanged
    // only goes out for what really changed.
    loop.every(kRefcountRefresh, [&manager] { manager->reconciler().refresh(ParameterReading::All); });
    // What a burst of calls allocated is freed on the workers, but glibc keeps it in their
    // arenas for reuse: once the work has settled for a second, give it back to the system.
    loop.when_quiet(std::chrono::seconds(1), [] { malloc_trim(0); });
    loop.attach(*connection);
    connection->requestName(wire::kBusName);
    spdlog::info("serving {} ({}) for modules in {}", wire::kBusName, MODMGR_VERSION,
                 properties.modules_directory);
    // Type=notify: ready only now that the name is owned and the objects are published.
    sd_notifyf(0, "READY=1\nSTATUS=Serving %s for kernel %s (%s)", wire::kBusName,
               properties.kernel_release.c_str(), properties.modules_directory.c_str());

    int code = loop.run();
    sd_notify(0, "STOPPING=1\nSTATUS=Stopping");

    // Work already running finishes (a module half loaded is worse than a late stop); queued
    // work is dropped. What finished reaches its callers, every other open call is told
    // that modmgrd stopped, and only then do the objects and the connection go.
    reads.reset();
    writes.reset();
    files.reset();
    config.reset();
    devices.reset();
    loop.run_posted();
    manager->stop();
    manager.reset();
    spdlog::info("stopped");
    return code;
}

int daemon_main(int argc, char** argv, const std::function<std::unique_ptr<KernelPort>()>& kernel) {
    // Blocks of 128 KiB and more get their own mapping and go back to the system when freed:
    // a caller's 32 MiB message must not leave the daemon 32 MiB larger (glibc's dynamic
    // threshold would otherwise serve later large blocks from the heap and keep them).
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    // Debian's kernels back anonymous memory with 2 MiB pages wherever one fits: a worker's
    // 8 MiB stack or a malloc arena then costs 2 MiB of RAM for a few KiB used, more than all
    // the rest of the daemon's own memory (seen in the guest bench, issue 12's P6).
    prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
    DaemonOptions options;
    if (auto exit_code = parse_daemon_options(argc, argv, options))
        return *exit_code;
    setup_logging(options.log_level);
    try {
        return serve(options, *kernel());
    } catch (const sdbus::Error& e) {
        spdlog::critical("{}: {}", e.getName(), e.getMessage());
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
    }
    return 1;
}

} // namespace modmgr
