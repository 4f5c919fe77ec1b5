// plugin/inline_check.h -- the same-epoch check of a plain access, inline.
#ifndef RACELENS_PLUGIN_INLINE_CHECK_H
#define RACELENS_PLUGIN_INLINE_CHECK_H

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
// check"), and the call only where the test fails; finish(), once every
// other rewrite of the function is done, reloads the goroutine's state the
// tests use after each call and keeps it in registers in between.
class InlineChecks {
public:
  InlineChecks(llvm::Function &F, RuntimeAPI &RT) : F(F), RT(RT) {}
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
};

} // namespace racelens

#endif
