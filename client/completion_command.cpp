#include "completion_command.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "completion.h"
#include "manager_client.h"
#include "owned_fd.h"

namespace modmgr {

namespace {

std::string from_environment(const char* variable, const std::string& fallback) {
    const char* value = std::getenv(variable);
    return value ? value : fallback;
}

// modules.dep of a whole distribution kernel is about 1 MiB; more is not a module list.
constexpr size_t kMaxListFile = 16 << 20;

// The file's lines, read with read(2): an iostream would make every modctl construct the
// standard streams and the locale (text_output.h). Nothing when it cannot be read.
std::vector<std::string> lines_of(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    std::string text;
    char buffer[64 * 1024];
    ssize_t got;
    while ((got = ::read(fd, buffer, sizeof buffer)) > 0 && text.size() < kMaxListFile)
        text.append(buffer, static_cast<size_t>(got));
    ::close(fd);
    std::vector<std::string> lines;
    for (size_t start = 0; start < text.size();) {
        const size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// The first word of each line of /proc/modules.
std::vector<std::string> loaded_modules() {
    std::vector<std::string> names;
    for (const auto& line :
         lines_of(from_environment("MODCTL_COMPLETION_PROC_MODULES", "/proc/modules")))
        names.push_back(line.substr(0, line.find(' ')));
    return names;
}

std::string modules_dir() {
    struct utsname system;
    const std::string release = ::uname(&system) == 0 ? system.release : "";
    return from_environment("MODCTL_COMPLETION_MODULES_DIR", "/lib/modules/" + release);
}

// Each line of modules.dep starts "kernel/drivers/net/vxlan/vxlan.ko[.xz|.zst|.gz]:"; the
// name is the file's base name, as modprobe accepts it.
std::vector<std::string> available_modules() {
    std::vector<std::string> names;
    for (const auto& line : lines_of(modules_dir() + "/modules.dep")) {
        const std::string path = line.substr(0, line.find(':'));
        const std::string file = path.substr(path.rfind('/') + 1);
        const auto extension = file.find(".ko");
        if (extension != std::string::npos && extension > 0)
            names.push_back(file.substr(0, extension));
    }
    return names;
}

// As many as modmgrd's ListDevices gives (lib/devices/device.h): a TAB lists no more.
constexpr size_t kMaxDevices = 4096;

// The directory `name` beneath `parent`, never through a symlink; -1 when it cannot be opened.
OwnedFd open_directory(int parent, const std::string& name) {
    return OwnedFd(
        ::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

// The names in `directory`, without "." and "..", at most `limit` of them.
std::vector<std::string> entries_of(const OwnedFd& directory, size_t limit) {
    const int fd = directory.get() < 0 ? -1 : ::dup(directory.get());
    DIR* stream = fd < 0 ? nullptr : ::fdopendir(fd);
    if (!stream) {
        if (fd >= 0)
            ::close(fd);
        return {};
    }
    std::vector<std::string> names;
    while (names.size() < limit) {
        const dirent* entry = ::readdir(stream);
        if (!entry)
            break;
        const std::string name = entry->d_name;
        if (name != "." && name != "..")
            names.push_back(name);
    }
    ::closedir(stream);
    return names;
}

// BUS/NAME of each /sys/bus/BUS/devices/NAME with a modalias, as modctl devices names them.
// Only a device's own symlink is followed, to see whether it has a modalias.
std::vector<std::string> devices() {
    const OwnedFd buses =
        open_directory(AT_FDCWD, from_environment("MODCTL_COMPLETION_SYS_BUS", "/sys/bus"));
    std::vector<std::string> names;
    for (const auto& bus : entries_of(buses, kMaxDevices)) {
        const OwnedFd devices = open_directory(open_directory(buses.get(), bus).get(), "devices");
        for (const auto& device : entries_of(devices, kMaxDevices - names.size()))
            if (::faccessat(devices.get(), (device + "/modalias").c_str(), F_OK, 0) == 0)
                names.push_back(bus + "/" + device);
        if (names.size() >= kMaxDevices)
            break;
    }
    return names;
}

// A TAB must not hang on a busy or stuck modmgrd.
constexpr std::chrono::milliseconds kCompletionWait{1500};

// This machine's modmgrd, asked nothing interactive.
ManagerClient local_client() {
    ManagerClient client(false, ReplyWait{}, "");
    client.limit_query_wait(kCompletionWait);
    return client;
}

// Only modmgrd's own lines of `kind`: unblacklist and unmask cannot lift another file's.
std::vector<std::string> managed_modules(const char* kind) {
    ManagerClient client = local_client();
    std::vector<std::string> names;
    for (const auto& entry : client.list_configuration().entries)
        if (entry.source.kind == kind && entry.source.managed)
            names.emplace_back(entry.name);
    return names;
}

std::vector<std::string> blacklisted_modules() { return managed_modules("blacklist"); }
std::vector<std::string> masked_modules() { return managed_modules("mask"); }

std::vector<std::pair<std::string, std::string>> declared_parameters(const std::string& module) {
    ManagerClient client = local_client();
    const auto info = client.info(module);
    std::vector<std::pair<std::string, std::string>> parameters;
    if (const auto* declared = find_value_as<std::vector<DecodedParameter>>(info, "parameters"))
        for (const auto& parameter : *declared)
            parameters.emplace_back(
                std::string(parameter.name),
                std::string(parameter.description) +
                    (parameter.type.empty() ? "" : " (" + std::string(parameter.type) + ")"));
    return parameters;
}

// A source that fails (no bus, no file, modmgrd's answer) offers nothing.
template <typename Result, typename... Arguments>
std::function<Result(const Arguments&...)> quietly(Result (*source)(const Arguments&...)) {
    return [source](const Arguments&... arguments) {
        try {
            return source(arguments...);
        } catch (const std::exception&) {
            return Result();
        }
    };
}

bool names_a_host(const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(), [](const std::string& word) {
        return word == "-H" || word == "--host" || word.rfind("--host=", 0) == 0 ||
               (word.size() > 2 && word.rfind("-H", 0) == 0);
    });
}

} // namespace

void run_completion(const std::vector<std::string>& words, TextOutput& out) {
    CompletionSources sources;
    sources.loaded_modules = quietly(loaded_modules);
    sources.available_modules = quietly(available_modules);
    sources.devices = quietly(devices);
    if (names_a_host(words)) {
        sources.blacklisted_modules = [] { return std::vector<std::string>(); };
        sources.masked_modules = [] { return std::vector<std::string>(); };
        sources.parameters = [](const std::string&) {
            return std::vector<std::pair<std::string, std::string>>();
        };
    } else {
        sources.blacklisted_modules = quietly(blacklisted_modules);
        sources.masked_modules = quietly(masked_modules);
        sources.parameters = quietly(declared_parameters);
    }
    out << format_completion(complete(words, sources));
}

} // namespace modmgr
