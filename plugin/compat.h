// plugin/compat.h -- the few places where LLVM 14 and LLVM 19 differ.
//
// The plugin is built from one set of sources for every supported clang
// major version (a plugin only loads into the clang it was built against).
// Everything version-specific is funnelled through these helpers so the
// instrumentation code itself reads the same for both.
#ifndef RACELENS_PLUGIN_COMPAT_H
#define RACELENS_PLUGIN_COMPAT_H

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace racelens {

// An untyped data pointer: `ptr` with opaque pointers (19), `i8*` on 14,
// whose default is still typed pointers.
inline llvm::PointerType *bytePtrTy(llvm::LLVMContext &C) {
#if LLVM_VERSION_MAJOR >= 17
  return llvm::PointerType::getUnqual(C);
#else
  return llvm::Type::getInt8PtrTy(C);
#endif
}

// The address of a thread-local global as the current thread sees it.
// LLVM 16+ wants the llvm.threadlocal.address intrinsic so that later
// passes never cache the address across a thread switch.
inline llvm::Value *threadLocalAddr(llvm::IRBuilder<> &B,
                                    llvm::GlobalVariable *GV) {
#if LLVM_VERSION_MAJOR >= 16
  return B.CreateThreadLocalAddress(GV);
#else
  (void)B;
  return GV;
#endif
}

// StringRef::startswith became starts_with (and the old name deprecated).
inline bool startsWith(llvm::StringRef s, llvm::StringRef prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

} // namespace racelens

#endif
