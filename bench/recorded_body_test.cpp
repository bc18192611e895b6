#include "recorded_body.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

using namespace modmgr::bench;

namespace {

// A bus object that can make messages: connected to nothing but one end of a socket pair,
// whose other end stays open (sd-bus writes its greeting there) and unread.
class Messages : public testing::Test {
protected:
    void SetUp() override {
        int ends[2];
        ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends), 0);
        peer_ = ends[1];
        ASSERT_GE(sd_bus_new(&bus_), 0);
        ASSERT_GE(sd_bus_set_fd(bus_, ends[0], ends[0]), 0);
        ASSERT_GE(sd_bus_start(bus_), 0);
    }
    void TearDown() override {
        sd_bus_close_unref(bus_);
        ::close(peer_);
    }

    sd_bus_message* message() {
        sd_bus_message* m = nullptr;
        EXPECT_GE(sd_bus_message_new_method_call(bus_, &m, nullptr, "/", nullptr, "M"), 0);
        return m;
    }
    static void seal(sd_bus_message* m) { ASSERT_GE(sd_bus_message_seal(m, 1, 0), 0); }

    sd_bus* bus_ = nullptr;
    int peer_ = -1;
};

} // namespace

// Every kind of value modmgrd's replies hold: dictionaries of variants, structs, arrays of
// strings, empty arrays, object paths, and fixed-size numbers of each width.
TEST_F(Messages, AppendingTheRecordedBodyBuildsTheSameBody) {
    sd_bus_message* original = message();
    ASSERT_GE(sd_bus_message_append(original, "a{sv}", 6, "name", "s", "dummy", "size", "t",
                                    uint64_t{1} << 40, "refcount", "i", -3, "builtin", "b", 1,
                                    "ratio", "d", 0.25, "holders", "as", 2, "a", "b"),
              0);
    ASSERT_GE(sd_bus_message_append(original, "a(stiass)", 2, "e1000e", uint64_t{4096}, 1,
                                    0, "live", "x", uint64_t{0}, 0, 1, "extra", "loading"),
              0);
    ASSERT_GE(sd_bus_message_append(original, "as", 0), 0);
    ASSERT_GE(sd_bus_message_append(original, "oyqn", "/org/modmgr1/module/dummy", 7, 65535,
                                    -2),
              0);
    seal(original);
    const RecordedBody recorded(original);

    for (int reply = 0; reply < 2; ++reply) { // recorded once, sent again and again
        sd_bus_message* replayed = message();
        ASSERT_GE(recorded.append_to(replayed), 0);
        seal(replayed);
        EXPECT_STREQ(sd_bus_message_get_signature(replayed, 1),
                     sd_bus_message_get_signature(original, 1));
        EXPECT_EQ(body_text(replayed), body_text(original));
        sd_bus_message_unref(replayed);
    }
    sd_bus_message_unref(original);
}

TEST_F(Messages, BodyTextTellsDifferentValuesApart) {
    sd_bus_message* one = message();
    sd_bus_message* other = message();
    ASSERT_GE(sd_bus_message_append(one, "a{sv}", 1, "size", "t", uint64_t{1}), 0);
    ASSERT_GE(sd_bus_message_append(other, "a{sv}", 1, "size", "t", uint64_t{2}), 0);
    seal(one);
    seal(other);
    EXPECT_NE(body_text(one), body_text(other));
    sd_bus_message_unref(one);
    sd_bus_message_unref(other);
}
