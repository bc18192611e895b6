#include "completion.h"

#include <algorithm>
#include <optional>

#include "command_line.h"
#include "modinfo_format.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

using Candidates = std::vector<std::pair<std::string, std::string>>;

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool is_control(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

bool is_option(const std::string& word) {
    return word.size() > 1 && word[0] == '-';
}

// The words before the one being completed, read as the parser reads them.
struct Typed {
    std::optional<CommandSyntax> command;
    bool all = false; // --all: every operand of load is a module
    bool unknown_command = false;
    bool options_ended = false;
    std::vector<std::string> operands;
};

Typed read_typed(const std::vector<std::string>& before) {
    Typed typed;
    const auto commands = command_syntax();
    for (size_t i = 0; i < before.size(); ++i) {
        const std::string& word = before[i];
        if (!typed.options_ended && word == "--") {
            typed.options_ended = true;
        } else if (!typed.options_ended && is_option(word)) {
            if (option_value(word) != OptionValue::None)
                ++i;
            // -a, alone or among other short switches (-na)
            typed.all = typed.all || word == "--all" ||
                        (word[1] != '-' && word.find('a') != std::string::npos);
        } else if (typed.command || typed.unknown_command) {
            typed.operands.push_back(word);
        } else {
            const auto found = std::find_if(commands.begin(), commands.end(),
                                            [&](const CommandSyntax& c) { return c.name == word; });
            if (found == commands.end())
                typed.unknown_command = true;
            else
                typed.command = *found;
        }
    }
    return typed;
}

Candidates commands() {
    Candidates candidates;
    for (const auto& command : command_syntax())
        candidates.emplace_back(command.name, command.description);
    return candidates;
}

Candidates without_descriptions(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    Candidates candidates;
    for (auto& name : names)
        candidates.emplace_back(std::move(name), std::string());
    return candidates;
}

Completion modules_for(Operand operand, const std::string& current,
                       const CompletionSources& sources) {
    switch (operand) {
    case Operand::None:
        return {};
    case Operand::ModuleOrFile:
        if (wire::names_a_module_file(current) || starts_with(current, ".") ||
            starts_with(current, "~"))
            return {Completion::Kind::Files, {}};
        return {Completion::Kind::Words, without_descriptions(sources.available_modules())};
    case Operand::AvailableModule:
        return {Completion::Kind::Words, without_descriptions(sources.available_modules())};
    case Operand::LoadedModule:
        return {Completion::Kind::Words, without_descriptions(sources.loaded_modules())};
    case Operand::BlacklistedModule:
        return {Completion::Kind::Words, without_descriptions(sources.blacklisted_modules())};
    case Operand::MaskedModule:
        return {Completion::Kind::Words, without_descriptions(sources.masked_modules())};
    case Operand::Command:
        return {Completion::Kind::Words, commands()};
    }
    return {};
}

// PARAM= for each parameter the module declares that the words do not set yet.
Candidates parameters_for(const Typed& typed, const CompletionSources& sources) {
    const std::string& module = typed.operands.front();
    if (wire::names_a_module_file(module))
        return {};
    Candidates candidates;
    for (const auto& [name, description] : sources.parameters(module)) {
        const bool given = std::any_of(
            typed.operands.begin() + 1, typed.operands.end(),
            [&](const std::string& word) { return word == name || starts_with(word, name + "="); });
        if (!given)
            candidates.emplace_back(name + "=", description);
    }
    return candidates;
}

Completion candidates_for(const std::vector<std::string>& words, const CompletionSources& sources) {
    const std::string& current = words.back();
    const std::vector<std::string> before(words.begin(), words.end() - 1);
    switch (before.empty() ? OptionValue::None : option_value(before.back())) {
    case OptionValue::Host:
        return {Completion::Kind::Hosts, {}};
    case OptionValue::Field:
        return {Completion::Kind::Words, without_descriptions(modinfo_labels())};
    case OptionValue::Device:
        return {Completion::Kind::Words, without_descriptions(sources.devices())};
    case OptionValue::Other:
        return {};
    case OptionValue::None:
        break;
    }
    const Typed typed = read_typed(before);
    if (typed.unknown_command)
        return {};
    if (!typed.options_ended && starts_with(current, "-"))
        return {Completion::Kind::Words, typed.command ? typed.command->options : every_option()};
    if (!typed.command)
        return {Completion::Kind::Words, commands()};
    if (typed.operands.empty() || typed.command->several || typed.all)
        return modules_for(typed.command->operand, current, sources);
    if (typed.command->takes_parameters)
        return {Completion::Kind::Words, parameters_for(typed, sources)};
    return {};
}

} // namespace

Completion complete(const std::vector<std::string>& words, const CompletionSources& sources) {
    if (words.empty())
        return complete({""}, sources);
    Completion completion = candidates_for(words, sources);
    auto& candidates = completion.words;
    candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                    [&](const auto& c) { return !starts_with(c.first, words.back()); }),
                     candidates.end());
    return completion;
}

std::string format_completion(const Completion& completion) {
    static const char* const kKinds[] = {"words", "files", "hosts"};
    std::string out = std::string(kKinds[static_cast<int>(completion.kind)]) + "\n";
    for (const auto& [word, description] : completion.words) {
        // A module's strings are not ours: a tab or newline in them must not make lines
        // (or candidates) of their own in the shell.
        if (std::any_of(word.begin(), word.end(), is_control))
            continue;
        out += word;
        if (!description.empty()) {
            std::string flat = description;
            std::replace_if(flat.begin(), flat.end(), is_control, ' ');
            out += "\t" + flat;
        }
        out += "\n";
    }
    return out;
}

} // namespace modmgr
