#pragma once
// Kernel parameter strings: modprobe.d options first, then the caller's, joined the way
// the kernel's parse_args() reads them (the last value of a key wins).
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace modmgr {

// "key=a b" -> key="a b"; a value ending in a backslash is quoted too (key="a\"), so that
// no modprobe.d line modmgr writes ends in one (libkmod would join the next line to it);
// everything else is passed as given (irq=12, TxIntDelay=1,2,3, debug). Load and modmgr's
// modprobe.d file share this rule, so the kernel gets the same string from either.
std::string quote_parameter(const std::string& parameter);
// "key=value" -> {key, value}; a bare "key" -> {key, nullopt} (the kernel passes it no value).
std::pair<std::string, std::optional<std::string>> split_parameter(const std::string& parameter);
// configured (a libkmod options string, may be empty) + caller's parameters, one string.
std::string merge_parameters(const std::string& configured,
                             const std::vector<std::string>& parameters);
// Splits an options string on blanks outside double quotes: `a=1 b="x y"` -> {a=1, b="x y"}.
std::vector<std::string> split_options(const std::string& options);

} // namespace modmgr
