// The least memory a daemon built on modmgrd's stack holds once idle: the libraries the
// project's stack prescribes (libstdc++, sdbus-c++, spdlog with its journal sink, libkmod,
// libsystemd), each having done once the job modmgrd has it do, and nothing of modmgr's:
//   - one line logged to the journal;
//   - a libkmod context with its indexes loaded, one module looked up and its modinfo read
//     (for a signed module libkmod decodes the signature with OpenSSL, as `modinfo` does);
//   - a system-bus connection serving one object with one method, in sdbus-c++'s loop.
// The guest bench reads its RSS beside modmgrd's and systemd-hostnamed's (row P6): what of
// modmgrd's RSS stays below this line is the price of the stack, not of modmgr's code.
//
//   modmgr-bench-floor-daemon MODULE      (runs until killed)
#include <libkmod.h>
#include <sdbus-c++/sdbus-c++.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

namespace {

// The modinfo entries of MODULE, as Info reads them; -1 when it cannot be read.
int read_modinfo(kmod_ctx* ctx, const char* module) {
    kmod_list* found = nullptr;
    if (kmod_module_new_from_lookup(ctx, module, &found) < 0 || found == nullptr)
        return -1;
    kmod_module* first = kmod_module_get_module(found);
    kmod_module_unref_list(found);
    kmod_list* info = nullptr;
    int entries = kmod_module_get_info(first, &info);
    kmod_module_info_free_list(info);
    kmod_module_unref(first);
    return entries;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fputs("usage: modmgr-bench-floor-daemon MODULE\n", stderr);
        return 2;
    }
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "modmgr-bench-floor-daemon", std::make_shared<spdlog::sinks::systemd_sink_mt>()));
    // Kept for the process's life, as modmgrd keeps its warm contexts.
    kmod_ctx* ctx = kmod_new(nullptr, nullptr);
    if (ctx == nullptr || kmod_load_resources(ctx) < 0) {
        std::fputs("modmgr-bench-floor-daemon: cannot set up libkmod\n", stderr);
        return 1;
    }
    const int entries = read_modinfo(ctx, argv[1]);
    if (entries < 0) {
        std::fprintf(stderr, "modmgr-bench-floor-daemon: cannot read the modinfo of %s\n", argv[1]);
        return 1;
    }
    spdlog::info("read {} modinfo entries of {}; serving", entries, argv[1]);

    auto connection = sdbus::createSystemBusConnection();
    auto object = sdbus::createObject(*connection, "/org/modmgr1/BenchFloor");
    object->registerMethod("Entries")
        .onInterface("org.modmgr1.BenchFloor")
        .implementedAs([entries] { return entries; });
    object->finishRegistration();
    connection->enterEventLoop();
}
