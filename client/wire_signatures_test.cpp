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
    EXPECT_NE(xml.find("<arg name=\"entries\" type=\"" + array_of(kConfigEntryRow) + "\""),
              std::string::npos);
    EXPECT_NE(xml.find("<arg name=\"matches\" type=\"" + array_of(kSearchMatchRow) + "\""),
              std::string::npos);
}

// The types of a signal's arguments, in order, as the XML declares them.
std::string signal_signature(const std::string& xml, const std::string& name) {
    const size_t start = xml.find("<signal name=\"" + name + "\">");
    if (start == std::string::npos)
        return "(no signal " + name + ")";
    const size_t end = xml.find("</signal>", start);
    std::string signature;
    for (size_t at = xml.find("type=\"", start); at < end; at = xml.find("type=\"", at)) {
        at += 6;
        signature += xml.substr(at, xml.find('"', at) - at);
    }
    return signature;
}

TEST(WireSignatures, SignalsHaveTheSignaturesTheInterfaceDocuments) {
    const std::string xml = interface_xml();
    using namespace wire_signature;
    EXPECT_EQ(signal_signature(xml, "ModulesChanged"), kModulesChanged);
    EXPECT_EQ(signal_signature(xml, "ConfigSettingChanged"), kConfigSettingChanged);
}

} // namespace
} // namespace modmgr
