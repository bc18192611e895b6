#include "wire_types.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace modmgr;

namespace {

std::string interface_xml() {
    std::ifstream in(MODMGR_INTERFACE_XML);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

template <typename Row>
std::string array_of() {
    return sdbus::signature_of<std::vector<Row>>::str();
}

} // namespace

// modmgrd sends these rows and modctl reads them; a row that drifts from the XML would be
// refused by the other side's signature check, so it is caught here instead.
TEST(WireTypes, RowsHaveTheSignaturesTheInterfaceDocuments) {
    const std::string xml = interface_xml();
    ASSERT_FALSE(xml.empty()) << MODMGR_INTERFACE_XML;
    EXPECT_NE(xml.find("<arg name=\"modules\" type=\"" + array_of<wire::ListRow>() + "\""),
              std::string::npos)
        << array_of<wire::ListRow>();
    EXPECT_NE(xml.find("parameters " + array_of<wire::ParameterRow>()), std::string::npos)
        << array_of<wire::ParameterRow>();
    EXPECT_NE(xml.find("config_sources " + array_of<wire::ConfigSourceRow>()), std::string::npos)
        << array_of<wire::ConfigSourceRow>();
    EXPECT_NE(xml.find("config_sources " + array_of<wire::ConfigSourceRow>() + ":"), std::string::npos)
        << array_of<wire::ConfigSourceRow>();
    EXPECT_NE(xml.find("<arg name=\"entries\" type=\"" + array_of<wire::ConfigEntryRow>() + "\""),
              std::string::npos)
        << array_of<wire::ConfigEntryRow>();
    EXPECT_NE(xml.find("<arg name=\"devices\" type=\"" + array_of<wire::DeviceRow>() + "\""),
              std::string::npos)
        << array_of<wire::DeviceRow>();
    EXPECT_NE(xml.find("<arg name=\"matches\" type=\"" + array_of<wire::SearchMatchRow>() + "\""),
              std::string::npos)
        << array_of<wire::SearchMatchRow>();
}
