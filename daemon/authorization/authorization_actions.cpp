#include "authorization/authorization_actions.h"

namespace modmgr {

const AuthorizationAction kInspectAction{"org.modmgr1.inspect", true};
const AuthorizationAction kLoadAction{"org.modmgr1.load", false};
const AuthorizationAction kLoadFileAction{"org.modmgr1.load-file", false};
const AuthorizationAction kUnloadAction{"org.modmgr1.unload", false};
const AuthorizationAction kConfigureAction{"org.modmgr1.configure", false};

const std::vector<const AuthorizationAction*>& all_actions() {
    static const std::vector<const AuthorizationAction*> actions{
        &kInspectAction, &kLoadAction, &kLoadFileAction, &kUnloadAction, &kConfigureAction};
    return actions;
}

} // namespace modmgr
