#include "load/install_command.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <vector>

#include "base/module_error.h"

extern char** environ;

namespace modmgr {
namespace {

// The daemon's environment plus MODPROBE_MODULE (replacing an inherited one).
std::vector<std::string> command_environment(const std::string& module) {
    const std::string variable = "MODPROBE_MODULE=";
    std::vector<std::string> environment;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
        if (std::strncmp(*entry, variable.c_str(), variable.size()) != 0)
            environment.emplace_back(*entry);
    environment.push_back(variable + module);
    return environment;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    for (auto& s : strings)
        result.push_back(s.data());
    result.push_back(nullptr);
    return result;
}

[[noreturn]] void fail(const std::string& command, const std::string& module,
                       const std::string& what) {
    throw ModuleError(ErrorCode::Failed,
                      "install command '" + command + "' for " + module + " " + what);
}

} // namespace

void run_install_command(const std::string& command, const std::string& module) {
    std::vector<std::string> arguments{"/bin/sh", "-c", command};
    std::vector<std::string> environment = command_environment(module);
    std::vector<char*> argv = pointers(arguments);
    std::vector<char*> envp = pointers(environment);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int err = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (err != 0)
        fail(command, module, std::string("could not be started: ") + std::strerror(err));

    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            fail(command, module, std::string("could not be waited for: ") + std::strerror(errno));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    if (WIFSIGNALED(status))
        fail(command, module, "was killed by signal " + std::to_string(WTERMSIG(status)));
    fail(command, module, "exited with status " + std::to_string(WEXITSTATUS(status)));
}

} // namespace modmgr
