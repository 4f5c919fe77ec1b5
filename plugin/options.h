// plugin/options.h -- what -fplugin-arg-racelens-<opt> asked for.
//
// The frontend action (which sees the command line) and the module pass
// (which does the work) live in the same shared object, loaded once into one
// compiler process, so a process-wide Options is how the first tells the
// second.  With -fpass-plugin alone the defaults apply.
#ifndef RACELENS_PLUGIN_OPTIONS_H
#define RACELENS_PLUGIN_OPTIONS_H

#include <string>
#include <vector>

namespace racelens {

struct Options {
  bool stats = false;    // per-function counts on stderr
  bool noInline = false; // every check a call (compile time)
  // The frontend turned on line tables for the sites' lines (no -g given):
  // the pass drops them once read, so the object carries no debug info the
  // user did not ask for, and code generation does not pay for it.
  bool dropLineTables = false;
  std::vector<std::string> funGlobs; // ignore list `fun:` patterns
  std::vector<std::string> srcGlobs; // ignore list `src:` patterns
};

Options &options();

// Parses one `-fplugin-arg-racelens-<arg>`.  On bad input returns false and
// sets err to a one-line reason.
bool parseOption(const std::string &arg, std::string &err);

// Reads an ignore list (TSan's format: `fun:<glob>`, `src:<glob>`, `#`
// comments, blank lines).
bool loadIgnoreList(const std::string &path, std::string &err);

bool ignoredFunction(const std::string &name);
bool ignoredSource(const std::string &path);

} // namespace racelens

#endif
