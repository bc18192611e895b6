#include "device_format.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

DeviceListingReply two_devices() {
    DeviceListingReply listing;
    listing.devices.push_back({"pci", "0000:00:03.0", "pci:v00008086d000010D3",
                               {{"PCI_CLASS", "20000"}, {"PCI_ID", "8086:10D3"}}, "", "",
                               {{"e1000e", false, false}, {"other", true, false}}});
    listing.devices.push_back({"platform", "serial8250", "platform:serial8250", {}, "serial8250", "", {}});
    return listing;
}

TEST(DeviceFormat, ATableOfDeviceIdentityDriverAndCandidates) {
    const Listing listing = devices_listing(two_devices());
    EXPECT_EQ(listing.heading, "DEVICE               IDENTITY             DRIVER                CANDIDATES");
    EXPECT_EQ(listing.rows,
              "pci/0000:00:03.0     8086:10D3            -                     e1000e, other (blacklisted)\n"
              "platform/serial8250  platform:serial8250  serial8250 (builtin)  -\n");
    EXPECT_EQ(listing.legend, (std::vector<std::string>{"", "2 devices listed."}));
}

TEST(DeviceFormat, ADriverOfAnotherNameShowsItsModuleAndACutListingSaysSo) {
    DeviceListingReply listing;
    listing.truncated = true;
    listing.devices.push_back({"virtio", "virtio0", "virtio:d1", {}, "virtio_net", "virtio_net_mod", {}});
    const Listing shown = devices_listing(listing);
    EXPECT_NE(shown.rows.find("virtio_net (virtio_net_mod)"), std::string::npos);
    EXPECT_NE(shown.legend.back().find("cut its answer short"), std::string::npos);
    EXPECT_EQ(devices_listing({}).legend, (std::vector<std::string>{"0 devices listed."}));
}

TEST(DeviceFormat, JsonHasEveryFieldAndNullForNoDriver) {
    const nlohmann::json document = devices_json(two_devices());
    EXPECT_EQ(document["truncated"], false);
    const auto& pci = document["devices"][0];
    EXPECT_EQ(pci["device"], "pci/0000:00:03.0");
    EXPECT_TRUE(pci["driver"].is_null());
    EXPECT_EQ(pci["identity"]["PCI_ID"], "8086:10D3");
    EXPECT_EQ(pci["candidates"][1], (nlohmann::json{{"module", "other"}, {"blacklisted", true},
                                                    {"masked", false}}));
    EXPECT_EQ(document["devices"][1]["driver"], "serial8250");
}

} // namespace
} // namespace modmgr
