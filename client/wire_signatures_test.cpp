#include "wire_signatures.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace modmgr {
namespace {

std::string interface_xml() {
    std::ifstream in(MODMGR_INTERFACE_XML);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// modctl reads these structs as the daemon sends them; one that drifted from the XML would
// fail every List or Info at run time, so it is caught here instead.
TEST(WireSignatures, RowsHaveTheSignaturesTheInterfaceDocuments) {
    const std::string xml = interface_xml();
    ASSERT_FALSE(xml.empty()) << MODMGR_INTERFACE_XML;
    using namespace wire_signature;
    const auto array_of = [](const char* row) { return std::string("a(") + row + ")"; };
    EXPECT_NE(xml.find("<arg name=\"modules\" type=\"" + array_of(kListRow) + "\""),
              std::string::npos);
    EXPECT_NE(xml.find("parameters " + array_of(kParameterRow)), std::string::npos);
    EXPECT_NE(xml.find("config_sources " + array_of(kConfigSourceRow)), std::string::npos);
    EXPECT_NE(xml.find("sources " + array_of(kConfigSourceRow) + ":"), std::string::npos);
}

} // namespace
} // namespace modmgr
