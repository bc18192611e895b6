#include "config/kept_configuration.h"

namespace modmgr {

const ConfigIndex& KeptConfiguration::current() {
    if (!kept_)
        kept_ = reader_(layout_);
    // Armed BEFORE the stamp is checked, which is what makes skipping the check exact: a
    // change made before the arming (even while kept_ was being read) fails the check, one
    // made after it fires the notice.
    if (notice_.fired())
        notice_.arm(kept_->stamp().paths());
    if (!notice_.holds(verified_, [this] { return kept_->stamp().current(); })) {
        kept_ = reader_(layout_);
        // Its paths are the new reading's: arm on them, and check, on the next call.
        notice_.disarm();
    }
    return *kept_;
}

} // namespace modmgr
