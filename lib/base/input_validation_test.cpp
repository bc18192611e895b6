#include "base/input_validation.h"

#include <gtest/gtest.h>

#include "base/module_error.h"
#include "wire_contract.h"

namespace modmgr {
namespace {

// The message of the InvalidArgument `call` throws; fails the test if it throws nothing else.
template <typename Call>
std::string rejection(Call call) {
    try {
        call();
    } catch (const ModuleError& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "accepted";
    return "";
}

TEST(ValidateModuleName, AcceptsRealNamesAndAliases) {
    for (const char* name :
         {"dummy", "snd_hda_intel", "snd-hda-intel", "pci:v00008086d000010D3sv*sd*bc*sc*i*",
          "fs-btrfs", "char-major-10-229", "net-pf-10", "crypto-aes", "platform:foo",
          "devname:fuse", "acpi*:PNP0A03:*", "usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in*"})
        EXPECT_NO_THROW(validate_module_name(name)) << name;
    EXPECT_NO_THROW(validate_module_name(std::string(kMaxNameLength, 'a')));
}

TEST(ValidateModuleName, RejectsEmptyAndTooLong) {
    EXPECT_NE(rejection([] { validate_module_name(""); }).find("empty"), std::string::npos);
    const std::string message =
        rejection([] { validate_module_name(std::string(kMaxNameLength + 1, 'a')); });
    EXPECT_NE(message.find("longer than 512"), std::string::npos) << message;
    // The input is quoted back, but capped.
    EXPECT_LT(message.size(), 200u) << message;
}

TEST(ValidateModuleName, RejectsPathsWhitespaceControlAndOptions) {
    EXPECT_NE(rejection([] { validate_module_name("../../tmp/evil"); }).find("'/'"),
              std::string::npos);
    for (const char* not_a_module : {"-r", "..", ".", "*", ":pci"})
        EXPECT_NE(rejection([&] { validate_module_name(not_a_module); }).find("must start with"),
                  std::string::npos)
            << not_a_module;
    for (const std::string& bad : {std::string("du mmy"), std::string("dummy\t"),
                                  std::string("dummy\n"), std::string("dum\0my", 6),
                                  std::string("caf\xc3\xa9"), std::string("\x7f")})
        EXPECT_NE(rejection([&] { validate_module_name(bad); }).find("printable ASCII"),
                  std::string::npos);
}

TEST(ValidateModuleName, EscapesWhatItQuotesBack) {
    const std::string message = rejection([] { validate_module_name("a\nb\x01\"c"); });
    EXPECT_NE(message.find("\"a\\x0ab\\x01\\\"c\""), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(ValidatePlainModuleName, AcceptsModuleNamesOnly) {
    for (const char* name : {"dummy", "snd_hda_intel", "snd-hda-intel", "8021q", "_x",
                             "fs-cifs"})
        EXPECT_NO_THROW(validate_plain_module_name(name)) << name;
    EXPECT_NO_THROW(validate_plain_module_name(std::string(kMaxModuleNameLength, 'a')));
    for (const char* alias : {"pci:v00008086d000010D3sv*sd*bc*sc*i*", "platform:foo", "a.b",
                              "../x", "du mmy", "dummy\n", "*"})
        EXPECT_NE(rejection([&] { validate_plain_module_name(alias); }).find("a module name is needed"),
                  std::string::npos)
            << alias;
    EXPECT_NE(rejection([] { validate_plain_module_name(""); }).find("empty"), std::string::npos);
    EXPECT_NE(rejection([] { validate_plain_module_name("-r"); }).find("must start with"),
              std::string::npos);
    EXPECT_NE(rejection([] { validate_plain_module_name(std::string(kMaxModuleNameLength + 1, 'a')); })
                  .find("longer than 55"),
              std::string::npos);
}

TEST(QuotedForMessage, EscapesAndCaps) {
    EXPECT_EQ(quoted_for_message("a\nb\\\"c"), "\"a\\x0ab\\\\\\\"c\"");
    EXPECT_EQ(quoted_for_message(std::string(100, 'x')),
              "\"" + std::string(80, 'x') + "...(100 bytes)\"");
}

TEST(ValidateModulePath, BoundsLengthAndRefusesControlBytes) {
    EXPECT_NO_THROW(validate_module_path("/lib/modules/6.1.0/kernel/drivers/net/dummy.ko"));
    EXPECT_NO_THROW(validate_module_path("/" + std::string(kMaxPathLength - 1, 'a')));
    EXPECT_THROW(validate_module_path("/" + std::string(kMaxPathLength, 'a')), ModuleError);
    EXPECT_THROW(validate_module_path(std::string(32 << 20, '/')), ModuleError);
    EXPECT_THROW(validate_module_path("/lib/x\n.ko"), ModuleError);
    EXPECT_THROW(validate_module_path(""), ModuleError);
}

TEST(ValidateParameters, AcceptsKernelParameterForms) {
    EXPECT_NO_THROW(validate_parameters({"TxIntDelay=1,2,3", "irq=12", "debug", "opts=a b",
                                         "empty=", "dyndbg=+p", "name.sub-key_2=x/y:z"}));
    EXPECT_NO_THROW(validate_parameters({}));
    EXPECT_NO_THROW(validate_parameters(std::vector<std::string>(kMaxParameters, "a=1")));
    EXPECT_NO_THROW(validate_parameters({"k=" + std::string(kMaxParameterLength - 2, 'v')}));
}

TEST(ValidateParameters, RejectsBadKeys) {
    EXPECT_NE(rejection([] { validate_parameters({"=1"}); }).find("no name"), std::string::npos);
    EXPECT_NE(rejection([] { validate_parameters({""}); }).find("empty"), std::string::npos);
    EXPECT_NE(rejection([] { validate_parameters({"-x=1"}); }).find("start with"),
              std::string::npos);
    EXPECT_NE(rejection([] { validate_parameters({".x"}); }).find("start with"),
              std::string::npos);
    for (const char* bad : {"a b=1", "a/b=1", "a\"=1", "a;b"})
        EXPECT_NE(rejection([&] { validate_parameters({bad}); }).find("may only contain"),
                  std::string::npos)
            << bad;
}

TEST(ValidateParameters, RejectsBadValues) {
    EXPECT_NE(rejection([] { validate_parameters({"a=\"x\""}); }).find("'\"'"),
              std::string::npos);
    EXPECT_NE(rejection([] { validate_parameters({"a=x\ny"}); }).find("printable"),
              std::string::npos);
    EXPECT_NE(rejection([] { validate_parameters({std::string("a=x\0y", 5)}); }).find("printable"),
              std::string::npos);
}

TEST(ValidateParameters, RejectsTooManyAndTooLong) {
    EXPECT_NE(rejection([] {
                  validate_parameters(std::vector<std::string>(kMaxParameters + 1, "a=1"));
              }).find("too many parameters: 65"),
              std::string::npos);
    EXPECT_NE(rejection([] {
                  validate_parameters({"k=" + std::string(kMaxParameterLength - 1, 'v')});
              }).find("longer than 1024"),
              std::string::npos);
}

TEST(ValidateParameters, NamesTheOffendingParameter) {
    const std::string message = rejection([] { validate_parameters({"irq=12", "bad key=1"}); });
    EXPECT_NE(message.find("\"bad key=1\""), std::string::npos) << message;
}

TEST(DeviceName, AcceptsTheKernelsBusesAndDeviceNames) {
    for (const char* device : {"pci/0000:00:03.0", "usb/1-1:1.0", "acpi/PNP0A03:00", "virtio/virtio0",
                               "platform/serial8250", "hid/0003:046D:C52B.0001", "mdio_bus/fixed-0:00",
                               "of/soc@0", "xen-backend/vbd-1-51712"})
        EXPECT_NO_THROW(validate_device_name(device)) << device;
    const DeviceName device = DeviceName::checked("pci/0000:00:03.0");
    EXPECT_EQ(device.bus(), "pci");
    EXPECT_EQ(device.name(), "0000:00:03.0");
    EXPECT_EQ(device.str(), "pci/0000:00:03.0");
}

TEST(DeviceName, RefusesAnythingThatCouldNameAnotherPath) {
    for (const std::string& device :
         {std::string(""), std::string("pci"), std::string("pci/"), std::string("/0000:00:03.0"),
          std::string("pci/../../etc"), std::string("pci/.."), std::string("pci/."),
          std::string("../pci/x"), std::string("pci/a/b"), std::string("/sys/bus/pci/devices/x"),
          std::string("pci/a\0b", 7), std::string("pci/a b"), std::string("pci/a\nb"),
          std::string("pci/.hidden"), std::string("p.ci/x"), std::string("pci/*"),
          "pci/" + std::string(kMaxDeviceNameLength + 1, 'a'),
          std::string(kMaxBusNameLength + 1, 'a') + "/x"})
        EXPECT_FALSE(rejection([&] { DeviceName::checked(device); }).empty()) << device;
    EXPECT_NO_THROW(DeviceName::checked("pci/" + std::string(kMaxDeviceNameLength, 'a')));
}

TEST(ValidateFlags, AcceptsKnownBitsAndNamesUnknownOnes) {
    EXPECT_NO_THROW(validate_flags(0, wire::kLoadFlags));
    EXPECT_NO_THROW(validate_flags(wire::kDryRun | wire::kFirstTime, wire::kLoadFlags));
    // NO_DEPENDENCIES means something only for Unload.
    EXPECT_THROW(validate_flags(wire::kNoDependencies, wire::kLoadFlags), ModuleError);
    const std::string message = rejection([] { validate_flags(wire::kDryRun | 0x20 | 0x100, wire::kLoadFlags); });
    EXPECT_NE(message.find("unknown bits 0x120"), std::string::npos) << message;
    EXPECT_NE(rejection([] { validate_flags(wire::kFirstTime, wire::kDryRun | wire::kNoDependencies); })
                  .find("0x10"),
              std::string::npos);
    EXPECT_NE(rejection([] { validate_flags(uint64_t{1} << 63, wire::kLoadFlags); })
                  .find("0x8000000000000000"),
              std::string::npos);
}

TEST(LooksLikePath, PathsAndModuleFiles) {
    EXPECT_TRUE(looks_like_path("/lib/modules/x/dummy.ko"));
    EXPECT_TRUE(looks_like_path("./dummy"));
    EXPECT_TRUE(looks_like_path("dummy.ko"));
    EXPECT_TRUE(looks_like_path("dummy.ko.xz"));
    EXPECT_TRUE(looks_like_path("dummy.ko.zst"));
    EXPECT_TRUE(looks_like_path("dummy.ko.gz"));
    EXPECT_FALSE(looks_like_path("dummy"));
    EXPECT_FALSE(looks_like_path("fs-btrfs"));
    EXPECT_FALSE(looks_like_path("dummy.kox"));
    EXPECT_FALSE(looks_like_path("pci:v00008086d000010D3sv*sd*bc*sc*i*"));
}

TEST(ValidateSearchQuery, AcceptsAnyTextAsItIs) {
    for (const std::string& query :
         {std::string("dummy"), std::string("e"), std::string("Intel PRO/1000"), std::string("*?["),
          std::string("caf\xC3\xA9"), std::string(wire::kMaxSearchQueryLength, 'a'),
          std::string("pci:v00008086d000010D3sv*")})
        EXPECT_NO_THROW(validate_search_query(query)) << query;
}

TEST(ValidateSearchQuery, RefusesEmptyLongInvalidAndControl) {
    EXPECT_NE(rejection([] { validate_search_query(""); }).find("empty"), std::string::npos);
    EXPECT_NE(rejection([] { validate_search_query(std::string(wire::kMaxSearchQueryLength + 1, 'a')); })
                  .find("longer than 128"),
              std::string::npos);
    for (const std::string& bad : {std::string("\xFF"), std::string("caf\xC3"), std::string("\xC0\xAF")})
        EXPECT_NE(rejection([&] { validate_search_query(bad); }).find("UTF-8"), std::string::npos);
    for (const std::string& bad : {std::string("a\0b", 3), std::string("a\nb"), std::string("\t"),
                                  std::string("\x7f"), std::string("\xC2\x85"), std::string("\x1b[2J")})
        EXPECT_NE(rejection([&] { validate_search_query(bad); }).find("control"), std::string::npos)
            << bad;
}

} // namespace
} // namespace modmgr
