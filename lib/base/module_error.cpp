#include "base/module_error.h"

#include "wire_contract.h"

namespace modmgr {

const char* error_code_name(ErrorCode code) {
    switch (code) {
    case ErrorCode::NotFound: return wire::error::kNotFound;
    case ErrorCode::NotLoaded: return wire::error::kNotLoaded;
    case ErrorCode::InUse: return wire::error::kInUse;
    case ErrorCode::Builtin: return wire::error::kBuiltin;
    case ErrorCode::Blacklisted: return wire::error::kBlacklisted;
    case ErrorCode::Masked: return wire::error::kMasked;
    case ErrorCode::Overridden: return wire::error::kOverridden;
    case ErrorCode::AlreadyLoaded: return wire::error::kAlreadyLoaded;
    case ErrorCode::ParametersNotApplied: return wire::error::kParametersNotApplied;
    case ErrorCode::InvalidArgument: return wire::error::kInvalidArgument;
    case ErrorCode::KernelRefused: return wire::error::kKernelRefused;
    case ErrorCode::ModulesDisabled: return wire::error::kModulesDisabled;
    case ErrorCode::Failed: return wire::error::kFailed;
    }
    // Only reachable with a value cast from outside the enum; Failed is the safe bus name.
    return wire::error::kFailed;
}

} // namespace modmgr
