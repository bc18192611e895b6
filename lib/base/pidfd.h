#pragma once
// pidfd_open and pidfd_send_signal for C++: Debian 12's glibc 2.36 declares them in
// <sys/pidfd.h> without extern "C" (fixed in glibc 2.37), so C++ would look for mangled names.
extern "C" {
#include <sys/pidfd.h>
}
