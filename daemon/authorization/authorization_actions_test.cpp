#include "authorization/authorization_actions.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace modmgr;

namespace {

std::string read_policy() {
    std::ifstream in(MODMGR_POLKIT_POLICY);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The <allow_any> default of `id` in the shipped policy, "" when the action is missing.
std::string allow_any(const std::string& policy, const std::string& id) {
    std::regex action("<action id=\"" + std::regex_replace(id, std::regex("\\."), "\\.") +
                      "\">[\\s\\S]*?<allow_any>([a-z_]+)</allow_any>");
    std::smatch match;
    return std::regex_search(policy, match, action) ? match[1].str() : "";
}

} // namespace

TEST(AuthorizationActions, FallbackWithoutPolkitMatchesTheShippedDefaults) {
    std::string policy = read_policy();
    ASSERT_FALSE(policy.empty()) << MODMGR_POLKIT_POLICY;
    for (const auto* action : all_actions()) {
        std::string def = allow_any(policy, action->id);
        ASSERT_FALSE(def.empty()) << action->id << " missing from the policy file";
        EXPECT_EQ(action->allowed_without_polkit, def == "yes") << action->id;
    }
}

TEST(AuthorizationActions, OnlyInspectIsAllowedWithoutPolkit) {
    EXPECT_TRUE(kInspectAction.allowed_without_polkit);
    EXPECT_FALSE(kLoadAction.allowed_without_polkit);
    EXPECT_FALSE(kLoadFileAction.allowed_without_polkit);
    EXPECT_FALSE(kUnloadAction.allowed_without_polkit);
    EXPECT_FALSE(kConfigureAction.allowed_without_polkit);
}

TEST(AuthorizationActions, EveryActionOfThePolicyIsOneTheDaemonChecks) {
    const std::string policy = read_policy();
    const std::regex id("<action id=\"([a-z0-9.-]+)\">");
    std::vector<std::string> in_policy;
    for (auto it = std::sregex_iterator(policy.begin(), policy.end(), id); it != std::sregex_iterator(); ++it)
        in_policy.push_back((*it)[1].str());
    std::vector<std::string> checked;
    for (const auto* action : all_actions())
        checked.push_back(action->id);
    EXPECT_EQ(checked, in_policy);
}
