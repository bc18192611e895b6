#pragma once
// A caller's uid as a person reads it: the user name this machine gives it.
#include <sys/types.h>

#include <optional>
#include <string>

namespace modmgr {

// The name of `uid` in this machine's user database (passwd, and whatever NSS adds: LDAP,
// systemd's dynamic users); nullopt when it has none or cannot be asked.
std::optional<std::string> local_user_name(uid_t uid);

} // namespace modmgr
