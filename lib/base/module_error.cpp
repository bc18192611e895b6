#include "base/module_error.h"

namespace modmgr {

const char* error_code_name(ErrorCode code) {
    switch (code) {
    case ErrorCode::NotFound: return "NotFound";
    case ErrorCode::NotLoaded: return "NotLoaded";
    case ErrorCode::InUse: return "InUse";
    case ErrorCode::Builtin: return "Builtin";
    case ErrorCode::Blacklisted: return "Blacklisted";
    case ErrorCode::Overridden: return "Overridden";
    case ErrorCode::AlreadyLoaded: return "AlreadyLoaded";
    case ErrorCode::InvalidArgument: return "InvalidArgument";
    case ErrorCode::KernelRefused: return "KernelRefused";
    case ErrorCode::Failed: return "Failed";
    }
    // Only reachable with a value cast from outside the enum; "Failed" is the safe bus name.
    return "Failed";
}

} // namespace modmgr
