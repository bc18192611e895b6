#pragma once
// `modctl config` without a module as a listing (listing.h), like `systemctl
// list-unit-files`: a heading, one row per line in effect with its columns aligned, then a
// legend (--no-legend: the rows alone):
//   MODULE  KIND       MANAGED  SOURCE                          TEXT
//   pcspkr  blacklist  no       /lib/modprobe.d/pcspkr.conf:2   blacklist pcspkr
//   dummy   options    yes      /etc/modprobe.d/zz-modmgr.conf:4  options dummy numdummies=3
//
//   2 entries listed.
// The kernel command line's SOURCE has no ":LINE" (its TEXT is the word).
#include <string>

#include "config_overview.h"
#include "listing.h"

namespace modmgr {

Listing config_overview_listing(const ConfigOverview& overview);

} // namespace modmgr
