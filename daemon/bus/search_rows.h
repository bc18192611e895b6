#pragma once
// SearchResult (kernel library) -> what SearchModules answers, as dbus/org.modmgr1.xml
// documents it.
#include <tuple>
#include <vector>

#include "search/module_search.h"
#include "wire_types.h"

namespace modmgr {

std::tuple<std::vector<wire::SearchMatchRow>, bool> search_rows(const SearchResult& result);

} // namespace modmgr
