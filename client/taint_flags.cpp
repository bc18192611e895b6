#include "taint_flags.h"

namespace modmgr {

namespace {

constexpr int kProprietaryModule = 0;
// Documentation/admin-guide/tainted-kernels.rst: the letter of bit N (kernel 6.15).
constexpr char kLetters[] = "PFSRMBUDAWCIOELKXTNJ";
constexpr int kKnownBits = sizeof(kLetters) - 1;
constexpr int kBits = 64;

} // namespace

std::vector<std::string> taint_letters(uint64_t tainted) {
    std::vector<std::string> letters;
    if (tainted == 0)
        return letters;
    if (!(tainted & (uint64_t{1} << kProprietaryModule)))
        letters.emplace_back("G");
    for (int bit = 0; bit < kBits; ++bit) {
        if (!(tainted & (uint64_t{1} << bit)))
            continue;
        letters.push_back(bit < kKnownBits ? std::string(1, kLetters[bit]) : "#" + std::to_string(bit));
    }
    return letters;
}

} // namespace modmgr
