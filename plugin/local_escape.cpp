// plugin/local_escape.cpp -- see local_escape.h.
#include "local_escape.h"

#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace racelens {

namespace {

struct EscapeTracker : CaptureTracker {
  bool Escaped = false;
  void tooManyUses() override {
    Escaped = true;
  }
  bool captured(const Use *U) override {
    const auto *II = dyn_cast<IntrinsicInst>(U->getUser());
    if (II && (II->getIntrinsicID() == Intrinsic::vastart ||
               II->getIntrinsicID() == Intrinsic::vaend ||
               II->getIntrinsicID() == Intrinsic::vacopy))
      return false; // keep looking
    Escaped = true;
    return true; // stop: one escape is enough
  }
};

} // namespace

bool localMayEscape(const Value *Alloca) {
  EscapeTracker T;
  PointerMayBeCaptured(Alloca, &T);
  return T.Escaped;
}

} // namespace racelens
