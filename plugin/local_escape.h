// plugin/local_escape.h -- whether another thread can ever see a local.
//
// A stack slot whose address never leaves the function cannot take part in
// a race, so its accesses go unchecked.  LLVM's capture tracking answers
// the question, except that it counts va_start/va_end/va_copy as capturing
// the va_list they initialise: they only fill in or read that thread's own
// struct, so here they do not count, and the va_arg reads and writes of a
// printf-like function's va_list are skipped like any other local.
#ifndef RACELENS_PLUGIN_LOCAL_ESCAPE_H
#define RACELENS_PLUGIN_LOCAL_ESCAPE_H

#include "llvm/IR/Value.h"

namespace racelens {

bool localMayEscape(const llvm::Value *Alloca);

} // namespace racelens

#endif
