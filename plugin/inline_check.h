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

namespace racelens {

// The inline checks of one function.  emit() puts before an access the
// test `__rl_readN`/`__rl_writeN` would make first (rt/abi.h, "The inline
// check"), and a call only where the test fails; finish(), once every
// other rewrite of the function is done, loads the goroutine's state the
// tests use where their loops are entered and after the calls that may
// change it, and keeps it in registers in between.
class InlineChecks {
public:
  // Looks at F before anything in it is rewritten.
  InlineChecks(llvm::Function &F, RuntimeAPI &RT);
  // Whether an access at I gets the inline check: when it is in an
  // innermost loop without calls (inline_check.cpp says why).
  bool wants(const llvm::Instruction *I) const {
    return LoadAt.count(I->getParent());
  }
  // size: 1, 2, 4 or 8, and I aligned to it.
  void emit(llvm::Instruction *I, llvm::Value *Ptr, unsigned size, bool write,
            llvm::Constant *Site);
  void finish();

private:
  // What the tests read of the goroutine, the table and the counts, kept in
  // these stack slots until finish() makes them registers.
  enum { LIMIT, EPOCH, COUNTS, TOP, NSTATE };
  void makeState();
  void refresh(llvm::Instruction *Before);
  llvm::Value *state(llvm::IRBuilder<> &B, int which);

  llvm::Function &F;
  RuntimeAPI &RT;
  llvm::AllocaInst *State[NSTATE] = {};
  llvm::GlobalVariable *NoThread = nullptr;
  llvm::SmallVector<llvm::WeakTrackingVH, 64> Loaded; // by refresh()
  // A block of a loop without calls -> where its outermost such loop
  // loads the state; those of the loops with checks; the whole-entry-point
  // calls the checks make.
  llvm::DenseMap<const llvm::BasicBlock *, llvm::BasicBlock *> LoadAt;
  llvm::SetVector<llvm::BasicBlock *> Loads;
  llvm::SmallVector<llvm::CallInst *, 16> WholeCalls;
};

} // namespace racelens

#endif
