#include "config_change_message.h"

#include <stdexcept>

#include "text/string_join.h"

namespace modmgr {

namespace {

struct Wording {
    std::string done;
    std::string unchanged;
    std::string would;
};

Wording wording(const CommandLine& line) {
    const std::string& name = line.target;
    switch (line.command) {
    case Command::Blacklist:
        return {"blacklisted " + name, name + " was already blacklisted", "would blacklist " + name};
    case Command::Unblacklist:
        return {"unblacklisted " + name, name + " was not blacklisted",
                "would unblacklist " + name};
    case Command::Mask:
        return {"masked " + name, name + " was already masked", "would mask " + name};
    case Command::Unmask:
        return {"unmasked " + name, name + " was not masked", "would unmask " + name};
    case Command::Options:
        if (line.parameters.empty())
            return {"cleared the options of " + name, name + " had no options",
                    "would clear the options of " + name};
        return {"set the options of " + name + ": " + join(line.parameters, " "),
                name + " already had these options",
                "would set the options of " + name + ": " + join(line.parameters, " ")};
    case Command::Enable:
        return {name + " will load at boot", name + " was already set to load at boot",
                "would make " + name + " load at boot"};
    case Command::Disable:
        return {name + " will not load at boot", name + " was not set to load at boot",
                "would stop " + name + " loading at boot"};
    default:
        throw std::logic_error("not a configuration command");
    }
}

} // namespace

std::string config_change_message(const CommandLine& line, bool changed) {
    const auto words = wording(line);
    if (!changed)
        return words.unchanged;
    return line.dry_run ? words.would : words.done;
}

CommandFailure failure_after_config_change(const CommandLine& line, bool changed,
                                           const CommandFailure& second_step) {
    const char* step = line.command == Command::Enable ? "loading" : "unloading";
    const char* outcome = line.dry_run ? "would fail" : "failed";
    return {second_step.code(), config_change_message(line, changed) + ", but " + step +
                                    " it now " + outcome + ": " + second_step.what()};
}

} // namespace modmgr
