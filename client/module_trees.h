#pragma once
// What `modctl tree` shows, asked of modmgrd without an API of its own:
// - what a module depends on: each module's `depends` from Info, loaded or not;
// - what holds it (--reverse): the holders of List, recursively. For a module that is not
//   loaded that is nothing: which modules of the kernel would depend on it is in modules.dep,
//   which no method answers;
// - without a module, every loaded module that nothing holds (--reverse: that depends on
//   nothing), each with what it depends on (holds it), all from one List.
#include <string>
#include <vector>

#include "dependency_tree.h"
#include "manager_client.h"

namespace modmgr {

std::vector<TreeNode> module_trees(ManagerClient& client, const std::string& module, bool reverse);

} // namespace modmgr
