// plugin/options.cpp -- plugin options and the ignore list.
#include "options.h"

#include <fnmatch.h>

#include <fstream>

namespace racelens {

Options &options() {
  static Options opts;
  return opts;
}

static std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool loadIgnoreList(const std::string &path, std::string &err) {
  std::ifstream in(path);
  if (!in) {
    err = "cannot read ignore list '" + path + "'";
    return false;
  }
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    lineno++;
    line = trim(line);
    if (line.empty() || line[0] == '#')
      continue;
    // TSan lists may carry sections ("[thread]"); every section applies.
    if (line[0] == '[')
      continue;
    if (line.compare(0, 4, "fun:") == 0)
      options().funGlobs.push_back(trim(line.substr(4)));
    else if (line.compare(0, 4, "src:") == 0)
      options().srcGlobs.push_back(trim(line.substr(4)));
    else {
      err = path + ":" + std::to_string(lineno) +
            ": expected 'fun:<name>' or 'src:<path>', got '" + line + "'";
      return false;
    }
  }
  return true;
}

bool parseOption(const std::string &arg, std::string &err) {
  if (arg == "stats") {
    options().stats = true;
    return true;
  }
  if (arg == "no-inline") {
    options().noInline = true;
    return true;
  }
  if (arg.compare(0, 7, "ignore=") == 0)
    return loadIgnoreList(arg.substr(7), err);
  err = "unknown option '" + arg + "' (known: ignore=<file>, no-inline, stats)";
  return false;
}

static bool matchesAny(const std::vector<std::string> &globs,
                       const std::string &s) {
  for (const std::string &g : globs)
    if (fnmatch(g.c_str(), s.c_str(), 0) == 0)
      return true;
  return false;
}

bool ignoredFunction(const std::string &name) {
  return matchesAny(options().funGlobs, name);
}

bool ignoredSource(const std::string &path) {
  return matchesAny(options().srcGlobs, path);
}

} // namespace racelens
