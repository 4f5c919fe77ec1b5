// plugin/intercepts.cpp -- rewriting calls to the runtime's tracking
// variants; the list of names is rt/intercepts.def, shared with the runtime.
#include "intercepts.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace racelens {

namespace {
enum Family { API, LIBC, MEM };
struct Entry {
  Family family;
  int params; // MEM: fixed parameters of the libc function; else -1
};
} // namespace

static const StringMap<Entry> &intercepted() {
  static const StringMap<Entry> names = [] {
    StringMap<Entry> m;
#define RL_INTERCEPT_API(name) m[#name] = {API, -1};
#define RL_INTERCEPT_LIBC(name) m[#name] = {LIBC, -1};
#define RL_INTERCEPT_MEM(name, params) m[#name] = {MEM, params};
#include "intercepts.def"
    return m;
  }();
  return names;
}

bool isIntercepted(const Function *Callee) {
  if (!Callee || !Callee->isDeclaration())
    return false;
  auto it = intercepted().find(Callee->getName());
  return it != intercepted().end() &&
         (it->second.params < 0 || Callee->getFunctionType()->getNumParams() ==
                                       (unsigned)it->second.params);
}

bool isMemoryIntercept(const Function *Callee) {
  return isIntercepted(Callee) &&
         intercepted().find(Callee->getName())->second.family == MEM;
}

std::string calleeName(StringRef name) {
  if (name.size() > 6 && name.substr(0, 2) == "__" &&
      name.substr(name.size() - 4) == "_chk")
    return name.substr(2, name.size() - 6).str();
  if (name.size() > 9 && name.substr(0, 9) == "__isoc99_")
    return name.substr(9).str();
  return name.str();
}

int startedFunctionArg(StringRef name) {
  if (name == "go")
    return 0;
  if (name == "pthread_create")
    return 2;
  if (name == "thrd_create")
    return 1;
  return -1;
}

CallInst *rewriteInterceptedCall(CallInst *CI, Constant *Site) {
  Function *Callee =
      cast<Function>(CI->getCalledOperand()->stripPointerCasts());
  FunctionType *FT = CI->getFunctionType();
  SmallVector<Type *, 8> params(FT->param_begin(), FT->param_end());
  params.push_back(Site->getType());
  FunctionType *NewFT =
      FunctionType::get(FT->getReturnType(), params, FT->isVarArg());
  Module *M = CI->getModule();
  FunctionCallee NewCallee =
      M->getOrInsertFunction(("__rl_" + Callee->getName()).str(), NewFT);

  SmallVector<Value *, 8> args(CI->arg_begin(), CI->arg_end());
  // Variadic callees keep their fixed part first: the site goes right after
  // the fixed parameters, never among the variadic ones.
  args.insert(args.begin() + FT->getNumParams(), Site);
  CallInst *New = CallInst::Create(NewCallee, args, "", CI);
  New->setCallingConv(CI->getCallingConv());
  // The call's own attributes describe the libc function, not the
  // variant, which also writes the detector's state and may take its
  // locks: what it may touch must not be promised away.
  AttributeList A = CI->getAttributes();
  for (Attribute::AttrKind K : {
#if LLVM_VERSION_MAJOR >= 16
         Attribute::Memory,
#else
         Attribute::ArgMemOnly, Attribute::InaccessibleMemOnly,
         Attribute::InaccessibleMemOrArgMemOnly,
#endif
             Attribute::ReadNone, Attribute::ReadOnly, Attribute::WriteOnly,
             Attribute::NoSync
       })
    A = A.removeFnAttribute(CI->getContext(), K);
  New->setAttributes(A);
  New->setTailCallKind(CI->getTailCallKind());
  New->setDebugLoc(CI->getDebugLoc());
  New->takeName(CI);
  CI->replaceAllUsesWith(New);
  CI->eraseFromParent();
  return New;
}

void replaceAddressTaken(Module &M) {
  for (const auto &entry : intercepted()) {
    if (entry.second.family == API)
      continue;
    // Not there, a program's own function of that name, or unused.
    Function *F = M.getFunction(entry.first());
    if (!isIntercepted(F) || F->use_empty())
      continue;
    auto notCallee = [](Use &U) {
      auto *CB = dyn_cast<CallBase>(U.getUser());
      return !CB || !CB->isCallee(&U);
    };
    bool taken = false;
    for (Use &U : F->uses())
      taken = taken || notCallee(U);
    if (!taken)
      continue;
    FunctionCallee FP = M.getOrInsertFunction(
        ("__rl_fp_" + entry.first()).str(), F->getFunctionType());
    Constant *Twin = ConstantExpr::getPointerCast(
        cast<Constant>(FP.getCallee()), F->getType());
    F->replaceUsesWithIf(Twin, notCallee);
  }
}

} // namespace racelens
