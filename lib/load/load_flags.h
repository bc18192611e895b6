#pragma once
// Flag bits of Load, LoadFile, Unload and the Set* configuration methods, as documented in dbus/org.modmgr1.xml.
#include <cstdint>

namespace modmgr {

enum LoadFlag : uint64_t {
    kDryRun = 0x1,
    kIgnoreBlacklist = 0x2,
    kNoDependencies = 0x4,
    kIgnoreInstallCommands = 0x8,
    kFirstTime = 0x10,
};

// What each method accepts; any other bit is refused before anything happens.
constexpr uint64_t kLoadFlags = kDryRun | kIgnoreBlacklist | kIgnoreInstallCommands | kFirstTime;
constexpr uint64_t kLoadFileFlags = kDryRun | kFirstTime;
constexpr uint64_t kUnloadFlags = kDryRun | kNoDependencies;
// SetBlacklisted, SetOptions, SetLoadAtBoot.
constexpr uint64_t kConfigureFlags = kDryRun;

} // namespace modmgr
