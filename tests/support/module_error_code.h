#pragma once
// The ErrorCode of the ModuleError a call throws, for tests that expect one.
#include <functional>
#include <stdexcept>

#include "base/module_error.h"

namespace modmgr {

inline ErrorCode error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ModuleError& e) {
        return e.code();
    }
    throw std::runtime_error("no ModuleError thrown");
}

} // namespace modmgr
