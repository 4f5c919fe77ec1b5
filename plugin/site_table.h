// plugin/site_table.h -- the static table of sites a module hands the runtime.
//
// Every instrumented operation passes a pointer to the rl_site_t entry
// that describes it (rt/abi.h); operations with the very same description
// (one access copied by unrolling or inlining) share it.  Entries are
// handed out while functions are instrumented, but
// the table's length is only known at the end, so references point into a
// zero-length placeholder that finish() swaps for the real array.  All data
// the plugin emits has internal linkage: any number of instrumented units
// link together without clashing.
#ifndef RACELENS_PLUGIN_SITE_TABLE_H
#define RACELENS_PLUGIN_SITE_TABLE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"

#include <map>
#include <string>
#include <vector>

namespace racelens {

// One rl_site_t before it becomes a constant.  Empty strings become NULL.
struct SiteInfo {
  unsigned kind = 0, size = 0, order = 0, line = 0, col = 0;
  unsigned decl_line = 0; // an access to a local: its declaration's line
  std::string file, func, expr, callee, target;
};

class SiteTable {
public:
  explicit SiteTable(llvm::Module &M);
  // A pointer constant to the entry describing S, and its index in the
  // table: the entry of an earlier access with the very same description
  // when there is one (the copies of one access that unrolling or inlining
  // made are one site: one line of counts, one race report), unless
  // `fresh`: callers that hand the runtime several sites as one run of
  // consecutive entries (a span's, a copy's pair) take new ones.
  llvm::Constant *add(const SiteInfo &S, unsigned *index = nullptr,
                      bool fresh = false);
  // A NUL-terminated string constant (shared per module), or null for "".
  llvm::Constant *str(const std::string &s);
  size_t size() const {
    return Entries.size();
  }
  // References to the first and the last entry of the finished table (the
  // runtime numbers a module's sites consecutively, rt/abi.h).
  llvm::Constant *first();
  llvm::Constant *last();
  // Emits the site array, the globals table, the rl_module_t and the
  // constructor that registers it.
  void finish();

private:
  llvm::Constant *globalsTable(unsigned &count);

  llvm::Module &M;
  llvm::StructType *SiteTy;
  llvm::GlobalVariable *Pending;
  llvm::GlobalVariable *LastPending = nullptr; // until the length is known
  std::vector<llvm::Constant *> Entries;
  std::map<std::string, unsigned> Index; // a description -> its entry
  llvm::StringMap<llvm::Constant *> Strings;
  std::vector<llvm::GlobalVariable *> ProgramGlobals;
};

} // namespace racelens

#endif
