// plugin/inline_check.h -- the same-epoch check of a plain access, inline.
#ifndef RACELENS_PLUGIN_INLINE_CHECK_H
#define RACELENS_PLUGIN_INLINE_CHECK_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constant.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/ValueHandle.h"

#include "runtime_api.h"
#include "site_table.h"

namespace racelens {

// The inline checks of one function.  emit() puts before an access the
// test `__rl_readN`/`__rl_writeN` would make first (rt/abi.h, "The inline
// check"), and a call only where the test fails; finish(), once every
// other rewrite of the function is done, loads the goroutine's state the
// tests use where their loops are entered, and keeps it in registers in
// the loops.
class InlineChecks {
public:
  // Looks at F before anything in it is rewritten.
  InlineChecks(llvm::Function &F, RuntimeAPI &RT, SiteTable &Sites);
  // Whether an access at I gets the inline check: when it is in an
  // innermost loop without calls where a call would make the code
  // generator spill (inline_check.cpp says why).
  bool wants(const llvm::Instruction *I) const {
    return HeaderOf.count(I->getParent());
  }
  // size: 1, 2, 4 or 8, and I aligned to it; Site is entry SiteIndex of
  // the module's site table.
  void emit(llvm::Instruction *I, llvm::Value *Ptr, unsigned size, bool write,
            llvm::Constant *Site, unsigned SiteIndex);
  void finish();

private:
  // What the tests read, kept in these stack slots until finish() makes
  // them registers: the shadow table (or zeros), the index mask over it
  // (0 with the zeros), the goroutine's epoch, its counts of the module's
  // first site, the byte offset of its read-set hints.
  enum { TOP, REACH, EPOCH, COUNTS, PLANE, NSTATE };
  void makeState();
  void load(llvm::Instruction *Before);
  llvm::Value *state(llvm::IRBuilder<> &B, int which);

  llvm::Function &F;
  RuntimeAPI &RT;
  SiteTable &Sites;
  llvm::AllocaInst *State[NSTATE] = {};
  llvm::GlobalVariable *NoThread = nullptr;
  llvm::SmallVector<llvm::WeakTrackingVH, 16> Loaded; // by load()
  // A block of a loop that may get checks -> the loop's header; the
  // headers of the loops that got some.
  llvm::DenseMap<const llvm::BasicBlock *, llvm::BasicBlock *> HeaderOf;
  llvm::SetVector<llvm::BasicBlock *> Headers;
};

} // namespace racelens

#endif
