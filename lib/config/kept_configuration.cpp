#include "config/kept_configuration.h"

namespace modmgr {

const ConfigIndex& KeptConfiguration::current() {
    if (!kept_ || !kept_->stamp().current())
        kept_ = reader_(layout_);
    return *kept_;
}

} // namespace modmgr
