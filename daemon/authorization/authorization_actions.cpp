#include "authorization/authorization_actions.h"

#include "wire_contract.h"

namespace modmgr {

const AuthorizationAction kInspectAction{wire::action::kInspect, true};
const AuthorizationAction kLoadAction{wire::action::kLoad, false};
const AuthorizationAction kLoadFileAction{wire::action::kLoadFile, false};
const AuthorizationAction kUnloadAction{wire::action::kUnload, false};
const AuthorizationAction kConfigureAction{wire::action::kConfigure, false};

const std::vector<const AuthorizationAction*>& all_actions() {
    static const std::vector<const AuthorizationAction*> actions{
        &kInspectAction, &kLoadAction, &kLoadFileAction, &kUnloadAction, &kConfigureAction};
    return actions;
}

} // namespace modmgr
