#include "decoded_value.h"

#include <sys/socket.h>

#include <stdexcept>

#include <gtest/gtest.h>

#include "bus_error.h"
#include "system_bus.h"

namespace modmgr {
namespace {

// The value of `key`; a test reading a key the reply lacks fails on the exception.
const DecodedValue& at(const DecodedDictionary& info, std::string_view key) {
    const DecodedValue* value = find_value(info, key);
    if (!value)
        throw std::out_of_range("no key " + std::string(key));
    return *value;
}

// Builds the a{sv} a reply would carry and reads it back as modctl reads a reply. sd-bus makes
// messages only for an open connection: one end of a socket pair is enough, nothing is sent.
class InfoMapReading : public ::testing::Test {
protected:
    void SetUp() override {
        int fds[2];
        ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        peer_ = fds[1];
        sd_bus* bus = nullptr;
        ASSERT_GE(sd_bus_new(&bus), 0);
        bus_.reset(bus);
        ASSERT_GE(sd_bus_set_fd(bus, fds[0], fds[0]), 0);
        ASSERT_GE(sd_bus_start(bus), 0);
        sd_bus_message* message = nullptr;
        ASSERT_GE(sd_bus_message_new_method_call(bus, &message, "org.modmgr1", "/org/modmgr1",
                                                 "org.modmgr1.Manager", "Info"),
                  0);
        message_.reset(message);
        ASSERT_GE(sd_bus_message_open_container(message, 'a', "{sv}"), 0);
    }

    void TearDown() override { ::close(peer_); }

    // Appends one entry whose variant holds `signature` and the values that follow.
    template <typename... Values>
    void entry(const char* key, const char* signature, Values... values) {
        ASSERT_GE(sd_bus_message_open_container(message_.get(), 'e', "sv"), 0);
        ASSERT_GE(sd_bus_message_append(message_.get(), "s", key), 0);
        ASSERT_GE(sd_bus_message_append(message_.get(), "v", signature, values...), 0);
        ASSERT_GE(sd_bus_message_close_container(message_.get()), 0);
    }

    DecodedDictionary read() {
        EXPECT_GE(sd_bus_message_close_container(message_.get()), 0);
        EXPECT_GE(sd_bus_message_seal(message_.get(), 1, 0), 0);
        EXPECT_GE(sd_bus_message_rewind(message_.get(), 1), 0);
        return read_decoded_dictionary(message_.get());
    }

    int peer_ = -1;
    BusConnection bus_;
    BusMessage message_;
};

TEST_F(InfoMapReading, ReadsTheInfoTypes) {
    entry("license", "s", "GPL");
    entry("loaded", "b", 1);
    entry("size", "t", uint64_t{45056});
    entry("count", "u", uint32_t{7});
    entry("refcount", "i", int32_t{-1});
    entry("aliases", "as", 2, "a", "b");
    entry("parameter_values", "a{ss}", 1, "debug", "0");
    const auto info = read();
    EXPECT_EQ(std::get<std::string_view>(at(info, "license")), "GPL");
    EXPECT_EQ(std::get<bool>(at(info, "loaded")), true);
    EXPECT_EQ(std::get<uint64_t>(at(info, "size")), 45056u);
    EXPECT_EQ(std::get<uint64_t>(at(info, "count")), 7u);
    EXPECT_EQ(std::get<int64_t>(at(info, "refcount")), -1);
    EXPECT_EQ(std::get<std::vector<std::string_view>>(at(info, "aliases")),
              (std::vector<std::string_view>{"a", "b"}));
    EXPECT_EQ(std::get<StringPairs>(at(info, "parameter_values")), (StringPairs{{"debug", "0"}}));
}

TEST_F(InfoMapReading, ReadsParameterDescriptionsInOrder) {
    entry("parameters", "a(sss)", 2, "udp_port", "ushort", "Destination UDP port",
          "log_ecn_error", "bool", "");
    const auto decoded = std::get<std::vector<DecodedParameter>>(at(read(), "parameters"));
    ASSERT_EQ(decoded.size(), 2u);
    EXPECT_EQ(decoded[0].name, "udp_port");
    EXPECT_EQ(decoded[0].type, "ushort");
    EXPECT_EQ(decoded[0].description, "Destination UDP port");
    EXPECT_EQ(decoded[1].name, "log_ecn_error");
    EXPECT_EQ(decoded[1].description, "");
}

TEST_F(InfoMapReading, ReadsConfigurationSourcesInOrder) {
    entry("sources", "a(ssisb)", 3, "blacklist", "/etc/modprobe.d/local.conf", int32_t{3},
          "blacklist dummy", 0, "load", "/proc/cmdline", int32_t{0}, "modules_load=dummy", 0,
          "options", "/etc/modprobe.d/zz-modmgr.conf", int32_t{7}, "options dummy numdummies=3",
          1);
    const auto decoded = std::get<std::vector<ConfigSourceEntry>>(at(read(), "sources"));
    ASSERT_EQ(decoded.size(), 3u);
    EXPECT_EQ(decoded[0].kind, "blacklist");
    EXPECT_EQ(decoded[0].file, "/etc/modprobe.d/local.conf");
    EXPECT_EQ(decoded[0].line, 3);
    EXPECT_EQ(decoded[0].text, "blacklist dummy");
    EXPECT_FALSE(decoded[0].managed);
    EXPECT_EQ(decoded[1].line, 0);
    EXPECT_EQ(decoded[2].kind, "options");
    EXPECT_TRUE(decoded[2].managed);
}

// An unsupported value is skipped whole: the entries after it still read.
TEST_F(InfoMapReading, KeepsTheSignatureOfUnsupportedTypes) {
    entry("numbers", "ai", 2, int32_t{1}, int32_t{2});
    entry("name", "s", "vxlan");
    const auto info = read();
    EXPECT_EQ(std::get<UnsupportedValue>(at(info, "numbers")).signature, "ai");
    EXPECT_EQ(std::get<std::string_view>(at(info, "name")), "vxlan");
}

TEST_F(InfoMapReading, KeepsTheReplyOrder) {
    entry("name", "s", "vxlan");
    entry("aliases", "as", 0);
    entry("loaded", "b", 0);
    const auto info = read();
    ASSERT_EQ(info.size(), 3u);
    EXPECT_EQ(info[0].key, "name");
    EXPECT_EQ(info[1].key, "aliases");
    EXPECT_EQ(info[2].key, "loaded");
}

TEST(FindValue, FindsTheFirstEntryOfAKey) {
    const DecodedDictionary info{{"name", std::string_view("vxlan")},
                                 {"loaded", true},
                                 {"name", std::string_view("other")}};
    EXPECT_EQ(std::get<std::string_view>(*find_value(info, "name")), "vxlan");
    EXPECT_EQ(find_value(info, "size"), nullptr);
    EXPECT_EQ(*find_value_as<bool>(info, "loaded"), true);
    EXPECT_EQ(find_value_as<std::string_view>(info, "loaded"), nullptr);
}

TEST_F(InfoMapReading, AReplyOfAnotherShapeIsABusError) {
    ASSERT_GE(sd_bus_message_close_container(message_.get()), 0);
    ASSERT_GE(sd_bus_message_append(message_.get(), "s", "extra"), 0);
    ASSERT_GE(sd_bus_message_seal(message_.get(), 1, 0), 0);
    ASSERT_GE(sd_bus_message_rewind(message_.get(), 1), 0);
    ASSERT_GE(sd_bus_message_skip(message_.get(), "a{sv}"), 0);
    EXPECT_THROW(read_decoded_dictionary(message_.get()), BusError);
}

} // namespace
} // namespace modmgr
