// plugin/decl_locations.h -- where the program's globals are defined, as
// the frontend saw them.
//
// Without -g the IR has no DIGlobalVariable, so the globals table could not
// say "global `counter` (defined at prog.c:5)".  The frontend action sees
// every file-scope variable declaration anyway, so it records them here and
// the module pass (same process, same library) reads them back.
#ifndef RACELENS_PLUGIN_DECL_LOCATIONS_H
#define RACELENS_PLUGIN_DECL_LOCATIONS_H

#include <string>

namespace racelens {

struct DeclLocation {
  std::string file;
  unsigned line = 0;
};

void recordGlobalDecl(const std::string &name, const DeclLocation &loc);
// False when the frontend did not see a definition of that name.
bool findGlobalDecl(const std::string &name, DeclLocation &loc);

} // namespace racelens

#endif
