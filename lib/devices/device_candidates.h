#pragma once
// The modules a device's modalias matches in the module tree, as modprobe resolves it (and as
// udev's modprobe of $MODALIAS would load them): libkmod's lookup of the modalias, each match
// marked blacklisted when modprobe.d (or modprobe.blacklist=) keeps an alias load from it.
#include <vector>

#include <libkmod.h>

#include "devices/device.h"

namespace modmgr {

// At most kMaxCandidates, in libkmod's order, none marked masked (the configuration's to say); none for a modalias that is no valid module
// name (validate_module_name: a tree that is not the kernel's may hold anything).
std::vector<DeviceCandidate> candidates_for(kmod_ctx* ctx, const std::string& modalias);

} // namespace modmgr
