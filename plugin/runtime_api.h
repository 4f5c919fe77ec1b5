// plugin/runtime_api.h -- declarations of the rt/abi.h entry points in a
// module, created on first use so an uninstrumented unit declares nothing.
#ifndef RACELENS_PLUGIN_RUNTIME_API_H
#define RACELENS_PLUGIN_RUNTIME_API_H

#include "llvm/IR/Module.h"

namespace racelens {

class RuntimeAPI {
public:
  explicit RuntimeAPI(llvm::Module &M) : M(M) {}
  // __rl_readN / __rl_writeN, N in 1,2,4,8,16.
  llvm::FunctionCallee access(bool write, unsigned size);
  // __rl_read_miss / __rl_write_miss (the inline check's).
  llvm::FunctionCallee miss(bool write);
  llvm::FunctionCallee range(bool write);
  // __rl_read_span / __rl_write_span and __rl_copy_range (several accesses,
  // one call, one site each).
  llvm::FunctionCallee span(bool write);
  llvm::FunctionCallee copyRange();
  // __rl_atomic_{load,store,rmw,cas}N, N in 1,2,4,8.
  llvm::FunctionCallee atomic(const char *op, unsigned size);
  llvm::FunctionCallee fence();
  llvm::FunctionCallee funcEnter();
  llvm::FunctionCallee funcExit();
  llvm::GlobalVariable *callsite();
  // The inline check's view of the runtime (rt/abi.h).
  llvm::GlobalVariable *tlsThread();
  llvm::GlobalVariable *shadowTop();
  llvm::GlobalVariable *shadowEmpty();

private:
  llvm::FunctionCallee get(const std::string &name, llvm::FunctionType *T,
                           bool zextSmall = false);
  llvm::GlobalVariable *pointer(const char *name, bool tls);
  llvm::Module &M;
};

} // namespace racelens

#endif
