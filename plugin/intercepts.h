// plugin/intercepts.h -- calls rewritten to the runtime's tracking variants
// (rt/intercepts.def): `call NAME(args)` becomes `call __rl_NAME(args,
// site)`, and taking a libc function's address yields __rl_fp_NAME.
#ifndef RACELENS_PLUGIN_INTERCEPTS_H
#define RACELENS_PLUGIN_INTERCEPTS_H

#include "llvm/IR/Module.h"

#include <string>

namespace racelens {

// Is Callee a declaration of an intercepted function?
bool isIntercepted(const llvm::Function *Callee);

// Is Callee one of them whose only meaning for the detector is the
// caller's memory it reads and writes (strcpy, printf, read)?  Those
// never synchronise.
bool isMemoryIntercept(const llvm::Function *Callee);

// The name a report gives the call: glibc's header-made aliases read as
// what the program wrote (__strcpy_chk as strcpy, __isoc99_sscanf as
// sscanf).
std::string calleeName(llvm::StringRef name);

// For go() and pthread_create(): which argument is the started function.
int startedFunctionArg(llvm::StringRef name);

// Rewrites the direct call CI to __rl_NAME(args..., Site); returns the new
// call.  CI is erased.
llvm::CallInst *rewriteInterceptedCall(llvm::CallInst *CI,
                                       llvm::Constant *Site);

// Replaces every remaining non-call use of an intercepted libc declaration
// (its address taken) with __rl_fp_NAME, so calls through function pointers
// are tracked too.
void replaceAddressTaken(llvm::Module &M);

} // namespace racelens

#endif
