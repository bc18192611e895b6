#pragma once
// What TAB offers after the words typed so far. The bash, zsh and fish completions
// (client/completions/) all ask `modctl __complete WORD...`, so one engine over the command
// table serves the three shells and follows the table as it changes.
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace modmgr {

// Where the lists come from; the engine reads nothing itself. A source that cannot answer
// returns nothing: TAB then offers nothing rather than failing.
struct CompletionSources {
    std::function<std::vector<std::string>()> loaded_modules;
    std::function<std::vector<std::string>()> available_modules;
    // The modules modmgrd's own file blacklists: the ones unblacklist can act on.
    std::function<std::vector<std::string>()> blacklisted_modules;
    // The modules modmgrd's own file masks: the ones unmask can act on.
    std::function<std::vector<std::string>()> masked_modules;
    // The devices with a modalias, as BUS/NAME: what load --for-device takes.
    std::function<std::vector<std::string>()> devices;
    // The parameters `module` declares: (name, description).
    std::function<std::vector<std::pair<std::string, std::string>>(const std::string& module)>
        parameters;
};

struct Completion {
    enum class Kind {
        Words, // the candidates below
        Files, // module files: the shell completes paths itself
        Hosts, // [USER@]HOST: the shell completes host names itself
    };
    Kind kind = Kind::Words;
    // (candidate, description): only those that start with the word being completed.
    std::vector<std::pair<std::string, std::string>> words;
};

// `words`: the words after "modctl", the last being the one completed (empty after a space).
Completion complete(const std::vector<std::string>& words, const CompletionSources& sources);

// What `modctl __complete` prints: the kind on the first line ("words", "files" or
// "hosts"), then a line per candidate, with a tab and its description when it has one.
std::string format_completion(const Completion& completion);

} // namespace modmgr
