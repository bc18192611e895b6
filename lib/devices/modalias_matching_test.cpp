// Our lookup of a device's modalias against kmod's own: `modprobe --resolve-alias` of the
// host's kmod on the same module tree, for a few hundred concrete modaliases made from the
// tree's modules.alias, picked evenly across its buses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "devices/device_candidates.h"
#include "lookup/kmod_context.h"
#include "support/scratch_dir.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

constexpr size_t kPerBus = 9;

// A modalias a device could have that the pattern matches: each '*' matches nothing, each
// '?' one '0', each [...] its first character.
std::string concrete(const std::string& pattern) {
    std::string out;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '*')
            continue;
        if (c == '?') {
            out += '0';
        } else if (c == '[') {
            const size_t close = pattern.find(']', i + 2);
            out += pattern[i + 1] == '!' ? 'Z' : pattern[i + 1];
            i = close == std::string::npos ? pattern.size() : close;
        } else {
            out += c;
        }
    }
    return out;
}

// Patterns of modules.alias that name a device (BUS:..., no '/'), kPerBus of each bus at most, spread
// evenly over the bus's lines.
std::vector<std::string> sample_modaliases(const std::string& modules_dir) {
    std::map<std::string, std::vector<std::string>> by_bus;
    std::ifstream aliases(modules_dir + "/modules.alias");
    std::string word, pattern, module;
    while (aliases >> word >> pattern >> module) {
        const size_t colon = pattern.find(':');
        // devname:snd/seq and the like name device nodes, not a bus's devices.
        if (word != "alias" || colon == std::string::npos ||
            pattern.find('/') != std::string::npos)
            continue;
        std::string bus = pattern.substr(0, colon);
        bus.erase(std::remove(bus.begin(), bus.end(), '*'), bus.end());
        by_bus[bus].push_back(concrete(pattern));
    }
    std::vector<std::string> sample;
    for (const auto& [bus, patterns] : by_bus) {
        const size_t step = std::max<size_t>(1, patterns.size() / kPerBus);
        for (size_t i = 0; i < patterns.size() && i / step < kPerBus; i += step)
            sample.push_back(patterns[i]);
    }
    return sample;
}

std::vector<std::string> modprobe_resolve(const std::string& root, const std::string& version,
                                          const std::string& config, const std::string& alias) {
    const std::string command = "modprobe -d '" + root + "' -S '" + version + "' -C '" + config +
                                "' --resolve-alias '" + alias + "' 2>/dev/null";
    std::vector<std::string> names;
    FILE* output = ::popen(command.c_str(), "r");
    if (output == nullptr)
        return names;
    char line[256];
    while (std::fgets(line, sizeof line, output) != nullptr) {
        std::string name(line);
        while (!name.empty() && name.back() == '\n')
            name.pop_back();
        names.push_back(name);
    }
    ::pclose(output);
    return names;
}

TEST(ModaliasMatching, TheCandidatesAreWhatModprobeResolvesTheModaliasTo) {
    const std::string modules_dir = test_modules_dir();
    const std::string version = modules_dir.substr(modules_dir.rfind('/') + 1);
    ScratchDir config;
    KmodContext kmod(KmodSettings{modules_dir, {config.path()}});
    const std::vector<std::string> sample = sample_modaliases(modules_dir);
    ASSERT_GE(sample.size(), 300u);
    size_t matched = 0;
    for (const auto& alias : sample) {
        if (alias.find('\'') != std::string::npos)
            continue;
        std::vector<std::string> ours;
        for (const auto& candidate : candidates_for(kmod.get(), alias))
            ours.push_back(candidate.module);
        EXPECT_EQ(ours, modprobe_resolve(test_kernel_root(), version, config.path(), alias)) << alias;
        matched += ours.empty() ? 0 : 1;
    }
    // Every alias was made from a pattern of the tree: each matches its own module at least.
    EXPECT_EQ(matched, sample.size());
}

} // namespace
} // namespace modmgr
