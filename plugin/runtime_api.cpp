// plugin/runtime_api.cpp -- the runtime's entry points as LLVM declarations.
#include "runtime_api.h"

#include "compat.h"

#include "llvm/IR/DerivedTypes.h"

using namespace llvm;

namespace racelens {

// 8- and 16-bit values cross the C ABI zero-extended by the caller (what
// clang itself assumes of the runtime's uint8_t/uint16_t parameters).
FunctionCallee RuntimeAPI::get(const std::string &name, FunctionType *T,
                               bool zextSmall) {
  FunctionCallee FC = M.getOrInsertFunction(name, T);
  if (auto *F = dyn_cast<Function>(FC.getCallee())) {
    F->setDoesNotThrow();
    if (zextSmall) {
      for (unsigned i = 0; i < T->getNumParams(); i++)
        if (T->getParamType(i)->isIntegerTy(8) ||
            T->getParamType(i)->isIntegerTy(16))
          F->addParamAttr(i, Attribute::ZExt);
      if (T->getReturnType()->isIntegerTy(8) ||
          T->getReturnType()->isIntegerTy(16))
        F->addRetAttr(Attribute::ZExt);
    }
  }
  return FC;
}

FunctionCallee RuntimeAPI::access(bool write, unsigned size) {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  std::string name =
      std::string(write ? "__rl_write" : "__rl_read") + std::to_string(size);
  return get(name, FunctionType::get(Type::getVoidTy(C), {P, P}, false));
}

FunctionCallee RuntimeAPI::miss(bool write) {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  return get(write ? "__rl_write_miss" : "__rl_read_miss",
             FunctionType::get(Type::getVoidTy(C),
                               {P, P, Type::getInt32Ty(C), P}, false));
}

FunctionCallee RuntimeAPI::range(bool write) {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  return get(write ? "__rl_write_range" : "__rl_read_range",
             FunctionType::get(Type::getVoidTy(C), {P, Type::getInt64Ty(C), P},
                               false));
}

FunctionCallee RuntimeAPI::span(bool write) {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  return get(write ? "__rl_write_span" : "__rl_read_span",
             FunctionType::get(Type::getVoidTy(C), {P, Type::getInt64Ty(C), P},
                               false));
}

FunctionCallee RuntimeAPI::copyRange() {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  return get("__rl_copy_range",
             FunctionType::get(Type::getVoidTy(C),
                               {P, P, Type::getInt64Ty(C), P}, false));
}

FunctionCallee RuntimeAPI::atomic(const char *op, unsigned size) {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  Type *I32 = Type::getInt32Ty(C);
  Type *T = Type::getIntNTy(C, size * 8);
  Type *V = Type::getVoidTy(C);
  std::string name = std::string("__rl_atomic_") + op + std::to_string(size);
  FunctionType *FT;
  if (std::string(op) == "load")
    FT = FunctionType::get(T, {P, I32, P}, false);
  else if (std::string(op) == "store")
    FT = FunctionType::get(V, {P, T, I32, P}, false);
  else if (std::string(op) == "rmw")
    FT = FunctionType::get(T, {P, I32, T, I32, P}, false);
  else
    FT = FunctionType::get(T, {P, T, T, I32, I32, P}, false);
  return get(name, FT, true);
}

FunctionCallee RuntimeAPI::fence() {
  LLVMContext &C = M.getContext();
  return get("__rl_atomic_fence",
             FunctionType::get(Type::getVoidTy(C),
                               {Type::getInt32Ty(C), bytePtrTy(C)}, false));
}

FunctionCallee RuntimeAPI::funcEnter() {
  LLVMContext &C = M.getContext();
  return get("__rl_func_enter",
             FunctionType::get(Type::getVoidTy(C), {bytePtrTy(C)}, false));
}

FunctionCallee RuntimeAPI::funcExit() {
  return get("__rl_func_exit",
             FunctionType::get(Type::getVoidTy(M.getContext()), false));
}

// A pointer the runtime defines, declared once per module.
GlobalVariable *RuntimeAPI::pointer(const char *name, bool tls) {
  if (GlobalVariable *GV = M.getNamedGlobal(name))
    return GV;
  Type *P = bytePtrTy(M.getContext());
  return new GlobalVariable(
      M, P, false, GlobalValue::ExternalLinkage, nullptr, name, nullptr,
      tls ? GlobalValue::InitialExecTLSModel : GlobalValue::NotThreadLocal);
}

GlobalVariable *RuntimeAPI::callsite() {
  return pointer("__rl_callsite", true);
}
GlobalVariable *RuntimeAPI::tlsThread() {
  return pointer("rl_tls_thread", true);
}
GlobalVariable *RuntimeAPI::shadowTop() {
  return pointer("rl_shadow_top", false);
}
GlobalVariable *RuntimeAPI::shadowEmpty() {
  return pointer("rl_shadow_empty", false); // only its address is used
}

} // namespace racelens
