// plugin/source_path.h -- the path of a debug-info location's file.
//
// Clang stores a file that lies under the compilation directory as a name
// relative to it plus that directory.  A report is read from wherever the
// program runs (racelens run compiles in a temporary directory), so sites
// carry the joined, absolute path whenever debug info gives one.
#ifndef RACELENS_PLUGIN_SOURCE_PATH_H
#define RACELENS_PLUGIN_SOURCE_PATH_H

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <string>

namespace racelens {

// D: any debug-info node with getFilename()/getDirectory() (DILocation,
// DIScope, DIVariable).
template <typename D> std::string sourcePath(const D *Node) {
  llvm::StringRef File = Node->getFilename(), Dir = Node->getDirectory();
  if (File.empty() || Dir.empty() || llvm::sys::path::is_absolute(File))
    return File.str();
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, File);
  return std::string(Path.str());
}

} // namespace racelens

#endif
