// plugin/dominated_checks.h -- the redundancy rule across basic blocks.
//
// A happens-before detector learns nothing from checking an address twice
// while the thread's clock cannot have moved: any race the second access
// takes part in, the first one (same bytes or more, a write covering
// anything, a read covering a read: access_span.h) already takes part in.
// Within a block instrument_function.cpp applies this itself; here it is
// extended to a check dominated by a covering check in another block, when
// no path from the first to the second passes what can move the clock: an
// atomic, a fence, a call other than an intrinsic or a call to a function
// the optimiser proved `nosync` (never a call the runtime intercepts: those
// are its synchronisation points).  Paths are searched backwards from
// the later block, a bounded number of blocks deep: when the search gives
// up the check is kept, so the rule only ever errs on the side of checking.
#ifndef RACELENS_PLUGIN_DOMINATED_CHECKS_H
#define RACELENS_PLUGIN_DOMINATED_CHECKS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"

namespace racelens {

// Whether I can synchronise with another thread (and so move the clock):
// atomics, fences, and calls except intrinsics and `nosync` callees that
// the runtime does not intercept.
bool mayChangeClock(const llvm::Instruction &I);

// Removes from Accesses (plain loads and stores of F, each the only check
// of its address left in its stretch of block) those covered by a
// dominating one; returns how many were removed.
unsigned
dropDominatedChecks(llvm::Function &F,
                    llvm::SmallVectorImpl<llvm::Instruction *> &Accesses);

} // namespace racelens

#endif
