// plugin/instrument_function.h -- the per-function rewrite: accesses,
// atomics, memory intrinsics, intercepted calls, the shadow call stack.
#ifndef RACELENS_PLUGIN_INSTRUMENT_FUNCTION_H
#define RACELENS_PLUGIN_INSTRUMENT_FUNCTION_H

#include "runtime_api.h"
#include "site_table.h"
#include "stats.h"

#include "llvm/IR/Function.h"

namespace racelens {

void instrumentFunction(llvm::Function &F, SiteTable &Sites, RuntimeAPI &RT,
                        FuncStats &Stats);

// Names of functions the plugin never touches: the runtime's own.
bool isRuntimeFunction(llvm::StringRef name);

} // namespace racelens

#endif
