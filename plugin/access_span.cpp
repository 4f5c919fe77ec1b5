// plugin/access_span.cpp -- see access_span.h.
#include "access_span.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace racelens {

AccessSpan spanOf(Instruction *I) {
  const DataLayout &DL = I->getModule()->getDataLayout();
  AccessSpan S;
  Value *Ptr;
  Type *T;
  if (auto *SI = dyn_cast<StoreInst>(I)) {
    Ptr = SI->getPointerOperand();
    T = SI->getValueOperand()->getType();
    S.Write = true;
  } else {
    Ptr = cast<LoadInst>(I)->getPointerOperand();
    T = I->getType();
  }
  S.Size = DL.getTypeStoreSize(T).getKnownMinValue();
  S.Base = GetPointerBaseWithConstantOffset(Ptr, S.Off, DL);
  return S;
}

} // namespace racelens
