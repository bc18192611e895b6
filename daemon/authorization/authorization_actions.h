#pragma once
// The polkit actions modmgrd checks, and what it decides when polkitd cannot answer.
// The ids are the contract's (wire_contract.h); the fallback must agree with the defaults of
// polkit/org.modmgr1.policy (authorization_actions_test checks it).
#include <string>
#include <vector>

namespace modmgr {

struct AuthorizationAction {
    std::string id;
    // Decision when polkitd is absent, fails or times out: the shipped default for
    // everyone. Reads stay available; anything that changes the kernel fails closed.
    bool allowed_without_polkit;
};

extern const AuthorizationAction kInspectAction;
extern const AuthorizationAction kLoadAction;
extern const AuthorizationAction kLoadFileAction;
extern const AuthorizationAction kUnloadAction;
extern const AuthorizationAction kConfigureAction;

const std::vector<const AuthorizationAction*>& all_actions();

} // namespace modmgr
