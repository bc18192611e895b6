#include "info/modinfo_fields.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace modmgr {
namespace {

using Strings = std::vector<std::string>;
using Parameters = std::vector<ParameterDescription>;

TEST(ModinfoFields, RepeatedKeysBecomeListsUnderInfoNames) {
    const ModuleInfo info = modinfo_fields({{"alias", "pci:v1*"},
                                            {"author", "A <a@x>"},
                                            {"alias", "pci:v2*"},
                                            {"firmware", "fw1.bin"},
                                            {"import_ns", "CRYPTO_INTERNAL"},
                                            {"author", "B"}});
    EXPECT_EQ(std::get<Strings>(info.at("aliases")), (Strings{"pci:v1*", "pci:v2*"}));
    EXPECT_EQ(std::get<Strings>(info.at("authors")), (Strings{"A <a@x>", "B"}));
    EXPECT_EQ(std::get<Strings>(info.at("firmware")), (Strings{"fw1.bin"}));
    EXPECT_EQ(std::get<Strings>(info.at("import_ns")), (Strings{"CRYPTO_INTERNAL"}));
    EXPECT_EQ(info.count("alias"), 0u);
    EXPECT_EQ(info.count("author"), 0u);
}

TEST(ModinfoFields, DependsIsSplitAndEmptyMeansEmptyList) {
    EXPECT_EQ(std::get<Strings>(modinfo_fields({{"depends", "ptp,pps_core"}}).at("depends")),
              (Strings{"ptp", "pps_core"}));
    const ModuleInfo none = modinfo_fields({{"depends", ""}});
    ASSERT_EQ(none.count("depends"), 1u);
    EXPECT_TRUE(std::get<Strings>(none.at("depends")).empty());
}

TEST(ModinfoFields, FlagsAreBooleans) {
    const ModuleInfo info = modinfo_fields({{"intree", "Y"}, {"retpoline", "Y"}});
    EXPECT_TRUE(std::get<bool>(info.at("intree")));
    EXPECT_TRUE(std::get<bool>(info.at("retpoline")));
    EXPECT_FALSE(std::get<bool>(modinfo_fields({{"intree", "N"}}).at("intree")));
}

TEST(ModinfoFields, SoftdepsAreJoinedWithSemicolons) {
    const ModuleInfo info =
        modinfo_fields({{"softdep", "pre: aes"}, {"softdep", "pre: ccm"}, {"softdep", "pre: aes"}});
    EXPECT_EQ(std::get<std::string>(info.at("softdeps")), "pre: aes; pre: ccm; pre: aes");
    EXPECT_EQ(info.count("softdep"), 0u);
}

// modinfo prints each value of a repeated key, the same one twice too.
TEST(ModinfoFields, RepeatedStringKeysKeepEveryValueOnePerLine) {
    const ModuleInfo info = modinfo_fields({{"license", "GPL"},
                                            {"description", "Core"},
                                            {"license", "GPL"},
                                            {"description", "Helpers"}});
    EXPECT_EQ(std::get<std::string>(info.at("license")), "GPL\nGPL");
    EXPECT_EQ(std::get<std::string>(info.at("description")), "Core\nHelpers");
}

TEST(ModinfoFields, SignatureLineBreaksAreRemoved) {
    const ModuleInfo info = modinfo_fields({{"sig_key", "AB:CD:\n\t\tEF"},
                                            {"signature", "01:02:\n\t\t03:04:\n\t\t05"},
                                            {"signer", "Debian Secure Boot CA"},
                                            {"sig_hashalgo", "sha256"}});
    EXPECT_EQ(std::get<std::string>(info.at("sig_key")), "AB:CD:EF");
    EXPECT_EQ(std::get<std::string>(info.at("signature")), "01:02:03:04:05");
    EXPECT_EQ(std::get<std::string>(info.at("signer")), "Debian Secure Boot CA");
    EXPECT_EQ(std::get<std::string>(info.at("sig_hashalgo")), "sha256");
}

// modinfo puts each new parameter name in front of the ones before it.
TEST(ModinfoFields, ParmAndParmtypeMergeInModinfosOrder) {
    const ModuleInfo info = modinfo_fields({{"parmtype", "b:int"},
                                            {"parm", "a:Enable A"},
                                            {"parm", "b:Rate: packets/s"},
                                            {"parmtype", "a:bool"},
                                            {"parmtype", "c:uint"},
                                            {"parm", "no colon here"}});
    EXPECT_EQ(std::get<Parameters>(info.at("parameters")),
              (Parameters{{"c", "uint", ""}, {"a", "bool", "Enable A"}, {"b", "int", "Rate: packets/s"}}));
    EXPECT_EQ(info.count("parm"), 0u);
    EXPECT_EQ(info.count("parmtype"), 0u);
}

TEST(ModinfoFields, OtherKeysAreStringsOrListsWhenRepeated) {
    const ModuleInfo info =
        modinfo_fields({{"staging", "Y"}, {"file", "crypto/x"}, {"note", "a"}, {"note", "b"}});
    EXPECT_EQ(std::get<std::string>(info.at("staging")), "Y");
    EXPECT_EQ(std::get<std::string>(info.at("file")), "crypto/x");
    EXPECT_EQ(std::get<Strings>(info.at("note")), (Strings{"a", "b"}));
}

// Found by tests/fuzz (modinfo_fields): ".modinfo" holding "aliases=x" made Info's aliases a
// string.
TEST(ModinfoFields, AModuleCannotPoseAsInfoFieldsOfOtherOrigin) {
    ModinfoEntries entries{{"alias", "pci:v1*"}, {"author", "A"}, {"softdep", "pre: crc32c"},
                           {"parm", "a:Enable A"}};
    for (const char* key : {"authors", "aliases", "softdeps", "parameters", "filename", "builtin",
                            "loaded", "state", "size", "refcount", "holders", "parameter_values",
                            "blacklisted", "masked", "options", "load_at_boot", "config_sources",
                            "also_matches", "modinfo_keys", "truncated", "signed", "taint"})
        entries.emplace_back(key, "posed");
    const ModuleInfo info = modinfo_fields(entries);
    EXPECT_EQ(std::get<Strings>(info.at("aliases")), Strings{"pci:v1*"});
    EXPECT_EQ(std::get<Strings>(info.at("authors")), Strings{"A"});
    EXPECT_EQ(std::get<std::string>(info.at("softdeps")), "pre: crc32c");
    EXPECT_EQ(std::get<Parameters>(info.at("parameters")), (Parameters{{"a", "", "Enable A"}}));
    EXPECT_EQ(std::get<Strings>(info.at("modinfo_keys")), (Strings{"alias", "author", "softdep"}));
    EXPECT_EQ(info.size(), 5u);
    EXPECT_TRUE(modinfo_fields({{"aliases", "x"}, {"state", "live"}, {"options", "y=1"}}).empty());
}

// a{sv} keeps no order; modinfo prints the entries in theirs, and parameters last.
TEST(ModinfoFields, ModinfoKeysSayInWhichOrderModinfoPrintsTheValues) {
    const ModuleInfo info = modinfo_fields({{"license", "GPL"},
                                            {"alias", "a1"},
                                            {"parm", "p:P"},
                                            {"description", "D"},
                                            {"alias", "a2"},
                                            {"parmtype", "p:int"},
                                            {"license", "GPL"},
                                            {"sig_id", "PKCS#7"}});
    EXPECT_EQ(std::get<Strings>(info.at("modinfo_keys")),
              (Strings{"license", "alias", "description", "alias", "license", "sig_id"}));
}

TEST(ModinfoFields, UnknownFieldsAreAbsent) {
    const ModuleInfo info = modinfo_fields({{"license", "GPL"}});
    EXPECT_EQ(info.size(), 2u) << "license and modinfo_keys";
    EXPECT_TRUE(modinfo_fields({}).empty());
}

TEST(ModinfoFields, AReplyIsBoundedAndSaysWhatWasCut) {
    ModinfoEntries entries{{"name", "crafted"}, {"license", "GPL"}};
    for (int i = 0; i < 100; ++i)
        entries.emplace_back("note" + std::to_string(100 + i), std::string(30 * 1024, 'v'));
    entries.emplace_back("alias", std::string(20 * 1024, 'a'));
    const ModuleInfo info = modinfo_fields(entries);
    EXPECT_EQ(std::get<std::string>(info.at("name")), "crafted");
    EXPECT_EQ(std::get<std::string>(info.at("license")), "GPL");
    size_t total = 0;
    for (const auto& [key, value] : info)
        if (const auto* text = std::get_if<std::string>(&value)) {
            EXPECT_LE(text->size(), kMaxModinfoValue) << key;
            total += text->size();
        }
    EXPECT_LE(total, kMaxModinfoTotal);
    EXPECT_EQ(std::get<Strings>(info.at("aliases")), Strings{std::string(kMaxModinfoValue, 'a')});
    const auto& cut = std::get<Strings>(info.at("truncated"));
    EXPECT_EQ(cut.front(), "aliases") << "known keys get their share first";
    EXPECT_NE(std::find(cut.begin(), cut.end(), "note199"), cut.end());
    EXPECT_EQ(info.count("note199"), 0u) << "past the budget: left out";
    EXPECT_EQ(info.count("note100"), 1u);
}

TEST(ModinfoFields, ARealModuleIsNeverCut) {
    ModinfoEntries entries{{"name", "kobil_sct"}, {"signature", std::string(1535, 'A')}};
    for (int i = 0; i < 1700; ++i)
        entries.emplace_back("alias", "usb:v0D46p" + std::to_string(1000 + i) + "d*dc*dsc*dp*ic*isc*ip*in*");
    EXPECT_EQ(modinfo_fields(entries).count("truncated"), 0u);
}

TEST(ModinfoEntries, SplitsLikeLibkmod) {
    const std::string section("license=GPL\0\0\0description=a=b\0intree\0last=x", 43);
    const ModinfoEntries expected = {
        {"license", "GPL"}, {"description", "a=b"}, {"intree", ""}, {"last", "x"}};
    EXPECT_EQ(modinfo_entries(section.data(), section.size()), expected);
    EXPECT_TRUE(modinfo_entries(section.data(), 0).empty());
}

} // namespace
} // namespace modmgr
