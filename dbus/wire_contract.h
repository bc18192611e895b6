#pragma once
// The wire contract of org.modmgr1 as C++ constants: the names on the bus, the error names, the
// flag bits and which method takes which, the polkit action ids. dbus/org.modmgr1.xml documents
// the API, polkit/org.modmgr1.policy and dbus/org.modmgr1.conf ship it; modmgrd and modctl spell
// it only from here, and tests/bus/wire_contract_test.py checks this file against those three.
//
// Constants only, with no D-Bus library behind them: the kernel library includes this header
// too (through the modmgr-wire-contract target) for the flag bits its calls take and the error
// names its typed errors stand for, and stays free of D-Bus. wire_types.h holds the sdbus-c++
// types of the wire.
//
// Keep the shapes below (`inline constexpr char kName[] = "value";`, one namespace block per
// kind of name): the test reads them with regular expressions.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace modmgr::wire {

inline constexpr char kBusName[] = "org.modmgr1";
inline constexpr char kManagerInterface[] = "org.modmgr1.Manager";
inline constexpr char kManagerPath[] = "/org/modmgr1";
// One object per loaded module: this prefix, then the escaped name (bus/object_path.h).
inline constexpr char kModuleInterface[] = "org.modmgr1.Module";
inline constexpr char kModulePathPrefix[] = "/org/modmgr1/module/";

// A file path rather than a module name or alias, for Info (and so for modctl, which opens
// such an argument itself): it contains '/' or ends in one of these.
inline constexpr std::string_view kModuleFileSuffixes[] = {".ko", ".ko.xz", ".ko.zst", ".ko.gz"};

constexpr bool names_a_module_file(std::string_view argument) {
    if (argument.find('/') != std::string_view::npos)
        return true;
    for (const std::string_view suffix : kModuleFileSuffixes)
        if (argument.size() >= suffix.size() &&
            argument.compare(argument.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

// The longest value a ConfigSettingChanged carries: it goes to every listener, whatever the
// caller asked for.
inline constexpr size_t kMaxAnnouncedValueLength = 1024;

// SearchModules: the longest query it takes (in bytes) and the most matches it answers with
// (its "truncated" says when more matched).
inline constexpr size_t kMaxSearchQueryLength = 128;
inline constexpr size_t kMaxSearchMatches = 200;

// The flags argument (t) of Load, LoadFile, LoadForDevice, Unload, ListDevices and the Set*
// methods.
enum Flag : uint64_t {
    kDryRun = 0x1,
    kIgnoreBlacklist = 0x2,
    kNoDependencies = 0x4,
    kIgnoreInstallCommands = 0x8,
    kFirstTime = 0x10,
    kUnbound = 0x20,
};

// The bits each method accepts, under a comment that names the methods; any other bit is
// refused with InvalidArgument before anything happens.
// Load, LoadForDevice
inline constexpr uint64_t kLoadFlags =
    kDryRun | kIgnoreBlacklist | kIgnoreInstallCommands | kFirstTime;
// LoadFile
inline constexpr uint64_t kLoadFileFlags = kDryRun | kFirstTime;
// Unload
inline constexpr uint64_t kUnloadFlags = kDryRun | kNoDependencies;
// SetBlacklisted, SetOptions, SetLoadAtBoot, SetMasked
inline constexpr uint64_t kConfigureFlags = kDryRun;
// ListDevices
inline constexpr uint64_t kListDevicesFlags = kUnbound;

} // namespace modmgr::wire

namespace modmgr::wire::manager_method {
inline constexpr char kLoad[] = "Load";
inline constexpr char kLoadFile[] = "LoadFile";
inline constexpr char kUnload[] = "Unload";
inline constexpr char kList[] = "List";
inline constexpr char kInfo[] = "Info";
inline constexpr char kInfoFile[] = "InfoFile";
inline constexpr char kSetBlacklisted[] = "SetBlacklisted";
inline constexpr char kSetOptions[] = "SetOptions";
inline constexpr char kSetLoadAtBoot[] = "SetLoadAtBoot";
inline constexpr char kSetMasked[] = "SetMasked";
inline constexpr char kGetConfiguration[] = "GetConfiguration";
inline constexpr char kListConfiguration[] = "ListConfiguration";
inline constexpr char kGetKernelStatus[] = "GetKernelStatus";
inline constexpr char kGetPermissions[] = "GetPermissions";
inline constexpr char kListDevices[] = "ListDevices";
inline constexpr char kLoadForDevice[] = "LoadForDevice";
inline constexpr char kSearchModules[] = "SearchModules";
} // namespace modmgr::wire::manager_method

// What a SearchModules match matched: its "match" field.
namespace modmgr::wire::search_match {
inline constexpr char kName[] = "name";
inline constexpr char kAlias[] = "alias";
inline constexpr char kDescription[] = "description";
} // namespace modmgr::wire::search_match

namespace modmgr::wire::manager_signal {
inline constexpr char kModuleLoaded[] = "ModuleLoaded";
inline constexpr char kModuleUnloaded[] = "ModuleUnloaded";
inline constexpr char kModulesChanged[] = "ModulesChanged";
inline constexpr char kConfigChanged[] = "ConfigChanged";
inline constexpr char kConfigSettingChanged[] = "ConfigSettingChanged";
inline constexpr char kDeviceChanged[] = "DeviceChanged";
} // namespace modmgr::wire::manager_signal

namespace modmgr::wire::manager_property {
inline constexpr char kVersion[] = "Version";
inline constexpr char kKernelRelease[] = "KernelRelease";
inline constexpr char kModulesDirectory[] = "ModulesDirectory";
inline constexpr char kConfigurationFiles[] = "ConfigurationFiles";
inline constexpr char kLoadedCount[] = "LoadedCount";
} // namespace modmgr::wire::manager_property

namespace modmgr::wire::module_property {
inline constexpr char kName[] = "Name";
inline constexpr char kSize[] = "Size";
inline constexpr char kRefCount[] = "RefCount";
inline constexpr char kHolders[] = "Holders";
inline constexpr char kState[] = "State";
inline constexpr char kTaint[] = "Taint";
inline constexpr char kSigned[] = "Signed";
inline constexpr char kParameters[] = "Parameters";
} // namespace modmgr::wire::module_property

// Every error a method answers with. The org.modmgr1 ones stand 1:1 for the kernel library's
// ErrorCode; the others are the bus's own names for what modmgrd refuses before any work.
namespace modmgr::wire::error {
inline constexpr char kPrefix[] = "org.modmgr1.Error.";
inline constexpr char kNotFound[] = "org.modmgr1.Error.NotFound";
inline constexpr char kNotLoaded[] = "org.modmgr1.Error.NotLoaded";
inline constexpr char kInUse[] = "org.modmgr1.Error.InUse";
inline constexpr char kBuiltin[] = "org.modmgr1.Error.Builtin";
inline constexpr char kBlacklisted[] = "org.modmgr1.Error.Blacklisted";
inline constexpr char kMasked[] = "org.modmgr1.Error.Masked";
inline constexpr char kAlreadyLoaded[] = "org.modmgr1.Error.AlreadyLoaded";
inline constexpr char kParametersNotApplied[] = "org.modmgr1.Error.ParametersNotApplied";
inline constexpr char kInvalidArgument[] = "org.modmgr1.Error.InvalidArgument";
inline constexpr char kKernelRefused[] = "org.modmgr1.Error.KernelRefused";
inline constexpr char kModulesDisabled[] = "org.modmgr1.Error.ModulesDisabled";
inline constexpr char kOverridden[] = "org.modmgr1.Error.Overridden";
inline constexpr char kFailed[] = "org.modmgr1.Error.Failed";
inline constexpr char kAccessDenied[] = "org.freedesktop.DBus.Error.AccessDenied";
inline constexpr char kInteractiveAuthorizationRequired[] =
    "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired";
inline constexpr char kInvalidArgs[] = "org.freedesktop.DBus.Error.InvalidArgs";
inline constexpr char kLimitsExceeded[] = "org.freedesktop.DBus.Error.LimitsExceeded";
} // namespace modmgr::wire::error

// The polkit actions modmgrd checks (polkit/org.modmgr1.policy).
namespace modmgr::wire::action {
inline constexpr char kInspect[] = "org.modmgr1.inspect";
inline constexpr char kLoad[] = "org.modmgr1.load";
inline constexpr char kLoadFile[] = "org.modmgr1.load-file";
inline constexpr char kUnload[] = "org.modmgr1.unload";
inline constexpr char kConfigure[] = "org.modmgr1.configure";
} // namespace modmgr::wire::action
