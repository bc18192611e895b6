#include "monitor_filter.h"

#include <gtest/gtest.h>

#include "exit_codes.h"

namespace modmgr {
namespace {

const char kEvery[] = "type='signal',sender='org.modmgr1',path='/org/modmgr1',"
                      "interface='org.modmgr1.Manager',member='ConfigSettingChanged'";
const char kEveryDevice[] = "type='signal',sender='org.modmgr1',path='/org/modmgr1',"
                            "interface='org.modmgr1.Manager',member='DeviceChanged'";
const std::vector<std::string> kEveryRule{kEvery, kEveryDevice};

TEST(MonitorFilter, WithoutNamesEveryModuleAndOneRule) {
    const MonitorFilter filter({});
    EXPECT_TRUE(filter.wants("dummy"));
    EXPECT_EQ(filter.argument_matches(), kEveryRule);
}

TEST(MonitorFilter, NamedModulesOnlyAsTheKernelSpellsThem) {
    const MonitorFilter filter({"ip6-udp-tunnel", "dummy"});
    EXPECT_TRUE(filter.wants("ip6_udp_tunnel"));
    EXPECT_TRUE(filter.wants("dummy"));
    EXPECT_FALSE(filter.wants("vxlan"));
    EXPECT_FALSE(filter.wants("dummy_hcd"));
    // A device event is the module's that DeviceChanged names: its driver's.
    EXPECT_EQ(filter.argument_matches(),
              (std::vector<std::string>{std::string(kEvery) + ",arg0='dummy'",
                                        std::string(kEvery) + ",arg0='ip6_udp_tunnel'",
                                        std::string(kEveryDevice) + ",arg4='dummy'",
                                        std::string(kEveryDevice) + ",arg4='ip6_udp_tunnel'"}));
    EXPECT_FALSE(filter.wants(""));
}

TEST(MonitorFilter, TooManyNamesForTheBusAreFilteredHereAlone) {
    std::vector<std::string> names;
    for (int i = 0; i < 33; ++i)
        names.push_back("module" + std::to_string(i));
    const MonitorFilter filter(names);
    EXPECT_EQ(filter.argument_matches(), kEveryRule);
    EXPECT_TRUE(filter.wants("module32"));
    EXPECT_FALSE(filter.wants("dummy"));
}

TEST(MonitorFilter, WhatCannotBeAModuleNameIsAUsageError) {
    // A quote would end the match rule's value; an alias is not a name.
    for (const std::string& name :
         std::vector<std::string>{"dummy'", "pci:v00008086d*", "", std::string(56, 'a'), "a b"}) {
        try {
            MonitorFilter filter({name});
            ADD_FAILURE() << "accepted " << name;
        } catch (const CommandFailure& e) {
            EXPECT_EQ(e.code(), ExitCode::Usage) << name;
        }
    }
    EXPECT_NO_THROW(MonitorFilter({std::string(55, 'a')}));
}

} // namespace
} // namespace modmgr
