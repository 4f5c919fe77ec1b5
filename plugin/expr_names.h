// plugin/expr_names.h -- naming what an instruction accesses, for reports.
//
// A student understands "race on `p->count`" far better than an address, so
// each site carries the source expression: `counter`, `p->count`, `s.field`,
// `arr[i]`, `*p`.  The names come from debug info (the variables' records
// and their DWARF types, whose member offsets name struct fields); with only
// line tables, globals still get their symbol names.
#ifndef RACELENS_PLUGIN_EXPR_NAMES_H
#define RACELENS_PLUGIN_EXPR_NAMES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Operator.h"

#include <string>

namespace racelens {

class ExprNamer {
public:
  explicit ExprNamer(llvm::Function &F);
  // The expression for the `size` bytes at Ptr (0: a range), or "" when
  // unknown.  It goes down to the member or element the access touches:
  // `p->a.b`, `arr[i].x`, `(*pp)->x`.
  std::string location(llvm::Value *Ptr, uint64_t size = 0);
  // The line where the local variable Ptr points into is declared, or 0
  // (not a local, or no debug record of it).
  unsigned declLine(llvm::Value *Ptr);

  struct Named {
    std::string text;
    llvm::DIType *type = nullptr; // the DWARF type of what text denotes
  };
  // The variable a value is directly stored into or bound to, or "".
  std::string boundName(llvm::Instruction *I);

private:
  Named loc(llvm::Value *Ptr, int depth, uint64_t size = 0);
  Named indexed(llvm::GEPOperator *GEP, Named b, bool object, int depth,
                uint64_t size);
  Named val(llvm::Value *V, int depth);
  Named var(llvm::Value *V);
  Named castBound(llvm::Value *V, llvm::Value *Base);
  void bind(llvm::Value *V, llvm::DILocalVariable *Var);
  void bindAddress(llvm::Value *Addr, llvm::DILocalVariable *Var);
  std::string indexName(llvm::Value *Idx, int depth);

  const llvm::DataLayout &DL;
  // Variables whose storage (alloca) or value (SSA) a debug record names.
  llvm::DenseMap<const llvm::Value *, llvm::DILocalVariable *> Vars;
};

} // namespace racelens

#endif
