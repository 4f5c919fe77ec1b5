// plugin/dominated_checks.cpp -- see dominated_checks.h for the rule and why
// it is sound.
#include "dominated_checks.h"
#include "access_span.h"
#include "intercepts.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;

namespace racelens {

// How far back the path search looks before keeping the check anyway; it
// bounds the cost on huge functions (interpreter loops) to a constant per
// candidate pair.
static const unsigned MaxBlocks = 48;

bool mayChangeClock(const Instruction &I) {
  if (auto *LI = dyn_cast<LoadInst>(&I))
    return LI->isAtomic();
  if (auto *SI = dyn_cast<StoreInst>(&I))
    return SI->isAtomic();
  if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I) || isa<FenceInst>(I))
    return true;
  auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  // Memory intrinsics copy and fill within this thread; the others are
  // markers and arithmetic.
  if (isa<IntrinsicInst>(CB))
    return false;
  // A callee the optimiser proved `nosync` (no atomics, no volatile, no
  // call that may synchronise, transitively) leaves the clock alone; the
  // checks inside it are checks, not synchronisation.  The calls the
  // runtime intercepts are its synchronisation points: never neutral,
  // but for those that only read and write the caller's memory.
  const Function *Callee =
      dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
  return CB->isInlineAsm() || !CB->hasFnAttr(Attribute::NoSync) ||
         (Callee && isIntercepted(Callee) && !isMemoryIntercept(Callee));
}

namespace {

// Where the clock may move inside each block: positions of the first and
// last such instruction, to ask "is there one before / after position n".
struct BlockSync {
  int first = -1, last = -1;
  bool any() const {
    return first >= 0;
  }
};

class DominatedChecks {
public:
  explicit DominatedChecks(Function &F) : DT(F) {
    for (BasicBlock &BB : F) {
      int n = 0;
      BlockSync &S = Sync[&BB];
      for (Instruction &I : BB) {
        Pos[&I] = n;
        if (mayChangeClock(I)) {
          if (S.first < 0)
            S.first = n;
          S.last = n;
        }
        n++;
      }
    }
  }
  unsigned run(SmallVectorImpl<Instruction *> &Accesses);

private:
  bool clockStill(Instruction *A, Instruction *B);

  DominatorTree DT;
  DenseMap<const BasicBlock *, BlockSync> Sync;
  DenseMap<const Instruction *, int> Pos;
};

} // namespace

// No path from A to B (A dominates B, other blocks) passes an instruction
// that may move the clock.  Such a path runs from A to the end of its
// block, through blocks that reach B's block without going through A's,
// and from the start of B's block to B.
bool DominatedChecks::clockStill(Instruction *A, Instruction *B) {
  const BasicBlock *BA = A->getParent(), *BB = B->getParent();
  if (Sync[BA].last > Pos[A] || (Sync[BB].any() && Sync[BB].first < Pos[B]))
    return false;
  SmallPtrSet<const BasicBlock *, 16> Seen;
  SmallVector<const BasicBlock *, 16> Work(pred_begin(BB), pred_end(BB));
  while (!Work.empty()) {
    const BasicBlock *X = Work.pop_back_val();
    if (X == BA || !Seen.insert(X).second)
      continue;
    // Reaching B's own block again means a loop around B: the path then
    // runs through all of it, the part after B included.
    if (Sync[X].any() || Seen.size() > MaxBlocks)
      return false;
    Work.append(pred_begin(X), pred_end(X));
  }
  return true;
}

unsigned DominatedChecks::run(SmallVectorImpl<Instruction *> &Accesses) {
  DenseMap<const Value *, SmallVector<std::pair<Instruction *, AccessSpan>, 4>>
      ByBase;
  for (Instruction *I : Accesses) {
    AccessSpan S = spanOf(I);
    ByBase[S.Base].push_back({I, S});
  }
  // A check removed here may itself cover later ones: they stay covered,
  // by whatever covered it (every path from that one to them passes it, and
  // the clock stood still on both stretches), so removals need no ordering.
  SmallPtrSet<Instruction *, 32> Dropped;
  for (auto &Entry : ByBase) {
    auto &Group = Entry.second;
    if (Group.size() < 2)
      continue;
    for (auto &B : Group)
      for (auto &A : Group)
        if (A.first != B.first &&
            A.first->getParent() != B.first->getParent() &&
            A.second.covers(B.second) && DT.dominates(A.first, B.first) &&
            clockStill(A.first, B.first)) {
          Dropped.insert(B.first);
          break;
        }
  }
  if (Dropped.empty())
    return 0;
  unsigned n = Accesses.size();
  Accesses.erase(
      std::remove_if(Accesses.begin(), Accesses.end(),
                     [&](Instruction *I) { return Dropped.count(I); }),
      Accesses.end());
  return n - Accesses.size();
}

unsigned dropDominatedChecks(Function &F,
                             SmallVectorImpl<Instruction *> &Accesses) {
  return DominatedChecks(F).run(Accesses);
}

} // namespace racelens
