#include "state/config_change.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "wire_contract.h"

using namespace modmgr;

namespace {

// What ConfigSettingChanged would carry: module|setting|value|action|caller_uid.
std::string said(const ConfigChange& change) {
    return change.module + "|" + change.setting + "|" + change.value + "|" + change.who.action +
           "|" + std::to_string(change.who.caller_uid);
}

} // namespace

TEST(ConfigChange, ACallsChangeIsNamedAsTheConfigurationNamesTheModule) {
    EXPECT_EQ(said(ConfigChange::by_call("ip6-udp-tunnel", "blacklist", "true",
                                         {"org.modmgr1.configure", 0})),
              "ip6_udp_tunnel|blacklist|true|org.modmgr1.configure|0");
}

TEST(ConfigChange, AValueEveryListenerGetsIsBounded) {
    const std::string whole(wire::kMaxAnnouncedValueLength, 'a');
    EXPECT_EQ(ConfigChange::by_call("dummy", "options", whole, {}).value, whole);
    // 64 parameters of 1 KiB each pass the checks; the signal carries a bounded part of them.
    const std::string longer = whole + " b=1";
    const auto cut = ConfigChange::by_call("dummy", "options", longer, {}).value;
    EXPECT_EQ(cut.size(), wire::kMaxAnnouncedValueLength);
    EXPECT_EQ(cut, whole.substr(0, wire::kMaxAnnouncedValueLength - 3) + "...");
}

TEST(ConfigChange, AModuleAlongsideACallsChangeHasItsCallerAlone) {
    const auto made = ConfigChange::by_call("dummy", "blacklist", "true", {"org.modmgr1.configure", 7});
    EXPECT_EQ(said(made.alongside("e1000e")), "e1000e|||org.modmgr1.configure|7");
}

TEST(ConfigChange, AnEditOfTheFilesHasNoSettingValueOrCaller) {
    EXPECT_EQ(said(ConfigChange::by_edit("dummy")), "dummy||||-1");
}

TEST(ConfigChange, TheInterfaceDocumentsTheBound) {
    std::ifstream in(MODMGR_INTERFACE_XML);
    std::string xml;
    // Its words, whatever the line breaks between them.
    for (std::string word; in >> word;)
        xml += word + ' ';
    const auto bound = wire::kMaxAnnouncedValueLength;
    EXPECT_NE(xml.find("at most " + std::to_string(bound) + " bytes: a longer one is cut to " +
                       std::to_string(bound - 3) + " and \"...\""),
              std::string::npos);
}
