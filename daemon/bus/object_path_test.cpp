#include "bus/object_path.h"

#include <gtest/gtest.h>

using namespace modmgr;

TEST(ObjectPath, AlphanumericBytesStay) {
    EXPECT_EQ(escape_path_element("e1000e"), "e1000e");
    EXPECT_EQ(escape_path_element("Dummy9"), "Dummy9");
}

TEST(ObjectPath, EveryOtherByteBecomesLowerCaseHex) {
    EXPECT_EQ(escape_path_element("udp_tunnel"), "udp_5ftunnel");
    EXPECT_EQ(escape_path_element("a-b.c"), "a_2db_2ec");
    EXPECT_EQ(escape_path_element("\xff"), "_ff");
}

TEST(ObjectPath, EmptyNameStillGivesAValidElement) { EXPECT_EQ(escape_path_element(""), "_"); }

TEST(ObjectPath, ModulePathsLiveUnderTheManager) {
    EXPECT_EQ(module_object_path("nf_conntrack"), "/org/modmgr1/module/nf_5fconntrack");
}
