#include "search_format.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

SearchReply reply(bool truncated = false) {
    return {{{"e1000e", "alias", "pci:v00008086d000010D3sv*sd*bc*sc*i*", "Intel(R) PRO/1000 Network Driver", false},
             {"zswap", "name", "", "Compressed cache for swap pages", true},
             {"dummy", "description", "", "", false}},
            truncated};
}

TEST(SearchFormat, ATableOfNameMatchAndDescription) {
    const Listing listing = search_listing(reply());
    EXPECT_EQ(listing.heading, "NAME             MATCH                                       DESCRIPTION");
    EXPECT_EQ(listing.rows,
              "e1000e           alias pci:v00008086d000010D3sv*sd*bc*sc*i*  Intel(R) PRO/1000 Network Driver\n"
              "zswap (builtin)  name                                        Compressed cache for swap pages\n"
              "dummy            description                                 -\n");
    EXPECT_EQ(listing.legend, (std::vector<std::string>{"", "3 modules found."}));
    EXPECT_EQ(search_truncation_notice(reply()), "");
}

TEST(SearchFormat, NothingFoundSaysSo) {
    const Listing listing = search_listing({});
    EXPECT_EQ(listing.rows, "");
    EXPECT_EQ(listing.legend, (std::vector<std::string>{"No module matches."}));
}

TEST(SearchFormat, ACutAnswerIsNoticed) {
    EXPECT_EQ(search_listing(reply(true)).legend.back(), "3 modules shown.");
    EXPECT_EQ(search_truncation_notice(reply(true)),
              "modctl: more modules match than the 3 shown; a longer query finds fewer\n");
}

TEST(SearchFormat, ADescriptionIsOneLineWithoutControlCharacters) {
    SearchReply odd;
    odd.matches.push_back({"m", "name", "", "first\nsecond\x1b[2J caf\xC3\xA9 \xC2\x9B", false});
    EXPECT_EQ(search_listing(odd).rows, "m     name   first / second\\x1b[2J caf\xC3\xA9 \\x9b\n");
}

TEST(SearchFormat, JsonHasEveryField) {
    const nlohmann::json json = search_json(reply(true));
    EXPECT_EQ(json["truncated"], true);
    ASSERT_EQ(json["matches"].size(), 3u);
    EXPECT_EQ(json["matches"][0],
              (nlohmann::json{{"name", "e1000e"},
                              {"match", "alias"},
                              {"matched_text", "pci:v00008086d000010D3sv*sd*bc*sc*i*"},
                              {"description", "Intel(R) PRO/1000 Network Driver"},
                              {"builtin", false}}));
    EXPECT_EQ(json["matches"][1]["builtin"], true);
}

} // namespace
} // namespace modmgr
