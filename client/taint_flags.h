#pragma once
// The kernel's taint flags (/proc/sys/kernel/tainted, one bit each) as the kernel itself
// prints them (print_tainted(), kernel/panic.c): a letter per flag, 'G' in the first place
// when the proprietary-module bit is clear (only GPL modules loaded).
#include <cstdint>
#include <string>
#include <vector>

namespace modmgr {

// The letters of the flags set in `tainted`, in bit order; none when it is 0. A bit this
// modctl does not know (a newer kernel's) is "#N", its number.
std::vector<std::string> taint_letters(uint64_t tainted);

} // namespace modmgr
