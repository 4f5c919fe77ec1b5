// plugin/decl_locations.cpp -- the frontend-to-pass table of global
// definitions.  One compile per process, so a plain map suffices.
#include "decl_locations.h"

#include <map>

namespace racelens {

static std::map<std::string, DeclLocation> &table() {
  static std::map<std::string, DeclLocation> t;
  return t;
}

void recordGlobalDecl(const std::string &name, const DeclLocation &loc) {
  table()[name] = loc;
}

bool findGlobalDecl(const std::string &name, DeclLocation &loc) {
  auto it = table().find(name);
  if (it == table().end())
    return false;
  loc = it->second;
  return true;
}

} // namespace racelens
