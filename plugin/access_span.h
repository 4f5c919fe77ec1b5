// plugin/access_span.h -- which bytes a load or store touches, as a base
// pointer plus a constant offset, so that `p->a` and an 8-byte access at
// `p` compare as overlapping however the optimiser spelled the addresses.
// The redundancy rules (instrument_function.cpp, dominated_checks.cpp) ask
// one question of it: does one check cover another?
#ifndef RACELENS_PLUGIN_ACCESS_SPAN_H
#define RACELENS_PLUGIN_ACCESS_SPAN_H

#include "llvm/IR/Instruction.h"

#include <cstdint>

namespace racelens {

struct AccessSpan {
  const llvm::Value *Base = nullptr;
  int64_t Off = 0;
  uint64_t Size = 0;
  bool Write = false;

  // Any race that `O`, an access of the same thread at the same clock
  // (before or after this one), takes part in, this one takes part in too:
  // it spans the same bytes or more, and a write covers a read or a write
  // while a read covers only a read.
  bool covers(const AccessSpan &O) const {
    return Base == O.Base && Off <= O.Off &&
           Off + (int64_t)Size >= O.Off + (int64_t)O.Size &&
           (Write || !O.Write);
  }
};

// The span of a plain (non-atomic) load or store.
AccessSpan spanOf(llvm::Instruction *I);

} // namespace racelens

#endif
