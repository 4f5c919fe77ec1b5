// plugin/instrument_function.cpp -- rewriting one function.
//
// The work is done in two phases: first decide (walk the function, apply
// the skip rules, drop redundant checks within each basic block), then
// rewrite, so that the analysis never sees instructions the plugin added.
//
// Skip rules, each counted in FuncStats so `stats` shows what it saved:
//   local     the address is a stack slot whose address never escapes
//   const     a constant global (never written, so never raced on)
//   string    a string literal (also constant; counted apart for students)
//   tls       a thread-local variable (one thread only)
//   redundant within a basic block and with no call or atomic in between,
//             a later write to the same address covers an earlier read or
//             write, and a read is covered by an earlier read
#include "instrument_function.h"
#include "source_path.h"

#include "compat.h"
#include "expr_names.h"
#include "intercepts.h"

#include "abi.h"

#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

#include <set>

using namespace llvm;

namespace racelens {

bool isRuntimeFunction(StringRef name) {
  return startsWith(name, "__rl_") || startsWith(name, "rt_") ||
         startsWith(name, "rl_") || startsWith(name, "racelens.");
}

static unsigned cOrder(AtomicOrdering o) {
  switch (o) {
  case AtomicOrdering::Acquire:
    return RL_ACQUIRE;
  case AtomicOrdering::Release:
    return RL_RELEASE;
  case AtomicOrdering::AcquireRelease:
    return RL_ACQ_REL;
  case AtomicOrdering::SequentiallyConsistent:
    return RL_SEQ_CST;
  default:
    return RL_RELAXED;
  }
}

static int rmwOp(AtomicRMWInst::BinOp op) {
  switch (op) {
  case AtomicRMWInst::Xchg:
    return RL_RMW_XCHG;
  case AtomicRMWInst::Add:
    return RL_RMW_ADD;
  case AtomicRMWInst::Sub:
    return RL_RMW_SUB;
  case AtomicRMWInst::And:
    return RL_RMW_AND;
  case AtomicRMWInst::Or:
    return RL_RMW_OR;
  case AtomicRMWInst::Xor:
    return RL_RMW_XOR;
  case AtomicRMWInst::Nand:
    return RL_RMW_NAND;
  case AtomicRMWInst::Max:
    return RL_RMW_MAX;
  case AtomicRMWInst::Min:
    return RL_RMW_MIN;
  case AtomicRMWInst::UMax:
    return RL_RMW_UMAX;
  case AtomicRMWInst::UMin:
    return RL_RMW_UMIN;
  default:
    return -1; // floating-point and wrapping ops: left alone
  }
}

namespace {

class FunctionInstrumenter {
public:
  FunctionInstrumenter(Function &F, SiteTable &Sites, RuntimeAPI &RT,
                       FuncStats &Stats)
      : F(F), Sites(Sites), RT(RT), Stats(Stats), Names(F),
        DL(F.getParent()->getDataLayout()) {}
  void run();

private:
  enum Skip { KEEP, LOCAL, CONST, STRING, TLS };
  Skip skipRule(Value *Ptr);
  void count(Skip s);
  void flushBlockAccesses(SmallVectorImpl<Instruction *> &pending);
  SiteInfo site(Instruction *I, unsigned kind, unsigned size = 0,
                unsigned order = 0);
  Value *asPtr(IRBuilder<> &B, Value *V) {
    return B.CreatePointerCast(V, bytePtrTy(F.getContext()));
  }
  void instrumentAccess(Instruction *I);
  void instrumentAtomic(Instruction *I);
  void instrumentMemOp(CallInst *CI);
  void instrumentIntercepted(CallInst *CI);
  void setCallsite(CallBase *CB);
  void instrumentEntryExit();

  Function &F;
  SiteTable &Sites;
  RuntimeAPI &RT;
  FuncStats &Stats;
  ExprNamer Names;
  const DataLayout &DL;
  DenseMap<Value *, bool> AllocaEscapes;

  SmallVector<Instruction *, 32> Accesses, Atomics, Calls;
  SmallVector<CallInst *, 8> MemOps, Intercepted;
};

} // namespace

FunctionInstrumenter::Skip FunctionInstrumenter::skipRule(Value *Ptr) {
  Value *Obj = getUnderlyingObject(Ptr);
  if (auto *GV = dyn_cast<GlobalVariable>(Obj)) {
    if (GV->isThreadLocal())
      return TLS;
    if (GV->isConstant()) {
      auto *AT = dyn_cast<ArrayType>(GV->getValueType());
      bool text = AT && AT->getElementType()->isIntegerTy(8) &&
                  GV->hasGlobalUnnamedAddr();
      return text || startsWith(GV->getName(), ".str") ? STRING : CONST;
    }
    return KEEP;
  }
  if (isa<AllocaInst>(Obj)) {
    auto it = AllocaEscapes.find(Obj);
    if (it == AllocaEscapes.end())
      it = AllocaEscapes.insert({Obj, PointerMayBeCaptured(Obj, true, true)})
               .first;
    return it->second ? KEEP : LOCAL;
  }
  return KEEP;
}

void FunctionInstrumenter::count(Skip s) {
  switch (s) {
  case LOCAL:
    Stats.local++;
    break;
  case CONST:
    Stats.constant++;
    break;
  case STRING:
    Stats.string++;
    break;
  case TLS:
    Stats.tls++;
    break;
  case KEEP:
    break;
  }
}

static Value *accessPtr(Instruction *I) {
  if (auto *LI = dyn_cast<LoadInst>(I))
    return LI->getPointerOperand();
  return cast<StoreInst>(I)->getPointerOperand();
}

// Keeps the accesses of a call-free stretch of a block that a later access
// does not cover (see the file comment), walking backwards.
void FunctionInstrumenter::flushBlockAccesses(
    SmallVectorImpl<Instruction *> &pending) {
  // Keyed by address and size: with opaque pointers a 1-byte store and an
  // 8-byte load can share the pointer value without covering each other.
  std::set<std::pair<Value *, uint64_t>> written, read;
  SmallVector<Instruction *, 16> kept;
  for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
    Instruction *I = *it;
    Type *T = isa<StoreInst>(I)
                  ? cast<StoreInst>(I)->getValueOperand()->getType()
                  : I->getType();
    std::pair<Value *, uint64_t> P = {
        accessPtr(I), DL.getTypeStoreSize(T).getKnownMinValue()};
    if (isa<StoreInst>(I)) {
      if (!written.insert(P).second) {
        Stats.redundant++;
        continue;
      }
    } else if (written.count(P) || !read.insert(P).second) {
      Stats.redundant++;
      continue;
    }
    kept.push_back(I);
  }
  Accesses.append(kept.rbegin(), kept.rend());
  pending.clear();
}

SiteInfo FunctionInstrumenter::site(Instruction *I, unsigned kind,
                                    unsigned size, unsigned order) {
  SiteInfo S;
  S.kind = kind;
  S.size = size;
  S.order = order;
  S.func = F.getName().str();
  if (DISubprogram *SP = F.getSubprogram())
    S.func = SP->getName().str();
  S.file = F.getParent()->getSourceFileName();
  if (const DILocation *Loc = I ? I->getDebugLoc().get() : nullptr) {
    S.line = Loc->getLine();
    S.col = Loc->getColumn();
    S.file = sourcePath(Loc);
    // Code inlined from another function reports where it was written.
    if (DISubprogram *SP = Loc->getScope()->getSubprogram())
      if (!SP->getName().empty())
        S.func = SP->getName().str();
  }
  return S;
}

void FunctionInstrumenter::instrumentAccess(Instruction *I) {
  bool write = isa<StoreInst>(I);
  Value *Ptr = accessPtr(I);
  Type *T =
      write ? cast<StoreInst>(I)->getValueOperand()->getType() : I->getType();
  uint64_t size = DL.getTypeStoreSize(T).getKnownMinValue();
  uint64_t align = write ? cast<StoreInst>(I)->getAlign().value()
                         : cast<LoadInst>(I)->getAlign().value();
  bool fixed =
      !T->isVectorTy() && !T->isAggregateType() &&
      (size == 1 || size == 2 || size == 4 || size == 8 || size == 16) &&
      (align >= size || align >= 8);
  IRBuilder<> B(I);
  SiteInfo S = site(I,
                    write ? (fixed ? RL_SITE_WRITE : RL_SITE_WRITE_RANGE)
                          : (fixed ? RL_SITE_READ : RL_SITE_READ_RANGE),
                    fixed ? size : 0);
  S.expr = Names.location(Ptr);
  Constant *SiteRef = Sites.add(S);
  if (fixed) {
    B.CreateCall(RT.access(write, size), {asPtr(B, Ptr), SiteRef});
    (write ? Stats.writes : Stats.reads)++;
  } else {
    B.CreateCall(RT.range(write), {asPtr(B, Ptr), B.getInt64(size), SiteRef});
    Stats.ranges++;
  }
}

// Converts an atomic operand to the integer the runtime takes, and back.
static Value *toInt(IRBuilder<> &B, Value *V, Type *IntTy) {
  if (V->getType()->isPointerTy())
    return B.CreatePtrToInt(V, IntTy);
  return B.CreateBitCast(V, IntTy);
}
static Value *fromInt(IRBuilder<> &B, Value *V, Type *T) {
  if (T->isPointerTy())
    return B.CreateIntToPtr(V, T);
  return B.CreateBitCast(V, T);
}

void FunctionInstrumenter::instrumentAtomic(Instruction *I) {
  IRBuilder<> B(I);
  LLVMContext &C = F.getContext();
  if (auto *FI = dyn_cast<FenceInst>(I)) {
    unsigned order = cOrder(FI->getOrdering());
    Constant *S = Sites.add(site(I, RL_SITE_FENCE, 0, order));
    B.CreateCall(RT.fence(), {B.getInt32(order), S});
    I->eraseFromParent();
    Stats.atomics++;
    return;
  }
  if (auto *LI = dyn_cast<LoadInst>(I)) {
    unsigned size = DL.getTypeStoreSize(LI->getType());
    unsigned order = cOrder(LI->getOrdering());
    SiteInfo S = site(I, RL_SITE_ATOMIC_LOAD, size, order);
    S.expr = Names.location(LI->getPointerOperand());
    Value *V = B.CreateCall(
        RT.atomic("load", size),
        {asPtr(B, LI->getPointerOperand()), B.getInt32(order), Sites.add(S)});
    V = fromInt(B, V, LI->getType());
    LI->replaceAllUsesWith(V);
    V->takeName(LI);
  } else if (auto *SI = dyn_cast<StoreInst>(I)) {
    Value *Val = SI->getValueOperand();
    unsigned size = DL.getTypeStoreSize(Val->getType());
    Type *IT = Type::getIntNTy(C, size * 8);
    unsigned order = cOrder(SI->getOrdering());
    SiteInfo S = site(I, RL_SITE_ATOMIC_STORE, size, order);
    S.expr = Names.location(SI->getPointerOperand());
    B.CreateCall(RT.atomic("store", size),
                 {asPtr(B, SI->getPointerOperand()), toInt(B, Val, IT),
                  B.getInt32(order), Sites.add(S)});
  } else if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
    Value *Val = RMW->getValOperand();
    unsigned size = DL.getTypeStoreSize(Val->getType());
    Type *IT = Type::getIntNTy(C, size * 8);
    unsigned order = cOrder(RMW->getOrdering());
    SiteInfo S = site(I, RL_SITE_ATOMIC_RMW, size, order);
    S.expr = Names.location(RMW->getPointerOperand());
    Value *V =
        B.CreateCall(RT.atomic("rmw", size),
                     {asPtr(B, RMW->getPointerOperand()),
                      B.getInt32(rmwOp(RMW->getOperation())), toInt(B, Val, IT),
                      B.getInt32(order), Sites.add(S)});
    V = fromInt(B, V, RMW->getType());
    RMW->replaceAllUsesWith(V);
    V->takeName(RMW);
  } else {
    auto *CX = cast<AtomicCmpXchgInst>(I);
    Value *Cmp = CX->getCompareOperand();
    unsigned size = DL.getTypeStoreSize(Cmp->getType());
    Type *IT = Type::getIntNTy(C, size * 8);
    unsigned succ = cOrder(CX->getSuccessOrdering());
    unsigned fail = cOrder(CX->getFailureOrdering());
    SiteInfo S = site(I, RL_SITE_ATOMIC_CAS, size, succ);
    S.expr = Names.location(CX->getPointerOperand());
    Value *CmpInt = toInt(B, Cmp, IT);
    Value *Old =
        B.CreateCall(RT.atomic("cas", size),
                     {asPtr(B, CX->getPointerOperand()), CmpInt,
                      toInt(B, CX->getNewValOperand(), IT), B.getInt32(succ),
                      B.getInt32(fail), Sites.add(S)});
    // cmpxchg yields {old, success}; the runtime returns only old.
    Value *Ok = B.CreateICmpEQ(Old, CmpInt);
    Value *Pair = UndefValue::get(CX->getType());
    Pair = B.CreateInsertValue(Pair, fromInt(B, Old, Cmp->getType()), 0);
    Pair = B.CreateInsertValue(Pair, Ok, 1);
    CX->replaceAllUsesWith(Pair);
    Pair->takeName(CX);
  }
  I->eraseFromParent();
  Stats.atomics++;
}

// memcpy/memmove read their source and write their destination; memset
// writes.  Intrinsics and plain calls alike.
void FunctionInstrumenter::instrumentMemOp(CallInst *CI) {
  IRBuilder<> B(CI);
  Value *Dst = CI->getArgOperand(0);
  Value *Len = B.CreateZExtOrTrunc(CI->getArgOperand(2), B.getInt64Ty());
  bool isSet = isa<MemSetInst>(CI);
  if (Function *Callee = CI->getCalledFunction())
    isSet = isSet || Callee->getName() == "memset";
  if (!isSet) {
    Value *Src = CI->getArgOperand(1);
    Skip s = skipRule(Src);
    count(s);
    if (s == KEEP) {
      SiteInfo S = site(CI, RL_SITE_READ_RANGE);
      S.expr = Names.location(Src);
      B.CreateCall(RT.range(false), {asPtr(B, Src), Len, Sites.add(S)});
      Stats.ranges++;
    }
  }
  Skip s = skipRule(Dst);
  count(s);
  if (s == KEEP) {
    SiteInfo S = site(CI, RL_SITE_WRITE_RANGE);
    S.expr = Names.location(Dst);
    B.CreateCall(RT.range(true), {asPtr(B, Dst), Len, Sites.add(S)});
    Stats.ranges++;
  }
}

void FunctionInstrumenter::instrumentIntercepted(CallInst *CI) {
  Function *Callee =
      cast<Function>(CI->getCalledOperand()->stripPointerCasts());
  SiteInfo S = site(CI, RL_SITE_CALL);
  S.callee = Callee->getName().str();
  S.expr = Names.boundName(CI);
  int arg = startedFunctionArg(Callee->getName());
  if (arg >= 0 && (unsigned)arg < CI->arg_size())
    if (auto *Fn =
            dyn_cast<Function>(CI->getArgOperand(arg)->stripPointerCasts())) {
      S.target = Fn->getName().str();
      if (DISubprogram *SP = Fn->getSubprogram())
        S.target = SP->getName().str();
    }
  rewriteInterceptedCall(CI, Sites.add(S));
  Stats.calls++;
}

void FunctionInstrumenter::setCallsite(CallBase *CB) {
  IRBuilder<> B(CB);
  SiteInfo S = site(CB, RL_SITE_CALLSITE);
  if (Function *Callee = CB->getCalledFunction())
    S.callee = Callee->getName().str();
  Value *Slot = threadLocalAddr(B, RT.callsite());
  B.CreateStore(Sites.add(S), Slot);
}

void FunctionInstrumenter::instrumentEntryExit() {
  SiteInfo S = site(nullptr, RL_SITE_FUNC);
  if (DISubprogram *SP = F.getSubprogram()) {
    S.line = SP->getLine();
    S.file = sourcePath(SP);
  }
  Constant *FnSite = Sites.add(S);
  IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
  // The entry call gets the function's own line, so that debuggers, the
  // verifier and later inlining see a located call.
  if (DISubprogram *SP = F.getSubprogram())
    B.SetCurrentDebugLocation(
        DILocation::get(F.getContext(), SP->getLine(), 0, SP));
  B.CreateCall(RT.funcEnter(), {FnSite});
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator())) {
      // A musttail call must stay right before its return: exit before it.
      Instruction *At = Ret;
      if (CallInst *CI = BB.getTerminatingMustTailCall())
        At = CI;
      IRBuilder<> RB(At);
      RB.CreateCall(RT.funcExit(), {});
    }
}

static bool isMemOp(CallInst *CI) {
  if (isa<MemTransferInst>(CI) || isa<MemSetInst>(CI))
    return true;
  Function *Callee = CI->getCalledFunction();
  if (!Callee || !Callee->isDeclaration() || CI->arg_size() != 3)
    return false;
  StringRef n = Callee->getName();
  return n == "memcpy" || n == "memmove" || n == "memset";
}

void FunctionInstrumenter::run() {
  // Phase 1: decide.
  for (BasicBlock &BB : F) {
    SmallVector<Instruction *, 16> pending;
    for (Instruction &I : BB) {
      if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (LI->isAtomic()) {
          flushBlockAccesses(pending);
          Atomics.push_back(LI);
          continue;
        }
      } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
        if (SI->isAtomic()) {
          flushBlockAccesses(pending);
          Atomics.push_back(SI);
          continue;
        }
      } else if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I) ||
                 isa<FenceInst>(I)) {
        flushBlockAccesses(pending);
        Atomics.push_back(&I);
        continue;
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        // Intrinsics other than memory transfers (lifetime markers, bit
        // tricks, assumptions...) never synchronise: checks on either side
        // of them may still cover each other.
        if (isa<IntrinsicInst>(CB) && !isa<MemIntrinsic>(CB))
          continue;
        flushBlockAccesses(pending);
        auto *CI = dyn_cast<CallInst>(CB);
        if (CI && isMemOp(CI))
          MemOps.push_back(CI);
        else if (CI && isIntercepted(dyn_cast<Function>(
                           CI->getCalledOperand()->stripPointerCasts())))
          Intercepted.push_back(CI);
        else if (!CB->isInlineAsm() && !isa<IntrinsicInst>(CB)) {
          Function *Callee = CB->getCalledFunction();
          if (!Callee || !isRuntimeFunction(Callee->getName()))
            Calls.push_back(CB);
        }
        continue;
      } else {
        continue;
      }
      Value *Ptr = accessPtr(&I);
      if (Ptr->getType()->getPointerAddressSpace() != 0 || Ptr->isSwiftError())
        continue;
      Skip s = skipRule(Ptr);
      if (s != KEEP) {
        count(s);
        continue;
      }
      pending.push_back(&I);
    }
    flushBlockAccesses(pending);
  }

  // Phase 2: rewrite.
  for (Instruction *I : Accesses)
    instrumentAccess(I);
  for (Instruction *I : Atomics) {
    Type *T = nullptr;
    if (auto *LI = dyn_cast<LoadInst>(I))
      T = LI->getType();
    else if (auto *SI = dyn_cast<StoreInst>(I))
      T = SI->getValueOperand()->getType();
    else if (auto *RMW = dyn_cast<AtomicRMWInst>(I))
      T = rmwOp(RMW->getOperation()) < 0 ? nullptr
                                         : RMW->getValOperand()->getType();
    else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
      T = CX->getCompareOperand()->getType();
    else if (cast<FenceInst>(I)->getSyncScopeID() == SyncScope::SingleThread)
      continue; // a signal fence orders nothing between threads
    if (!isa<FenceInst>(I)) {
      unsigned size = T ? DL.getTypeStoreSize(T).getKnownMinValue() : 0;
      if (!T || T->isVectorTy() ||
          (size != 1 && size != 2 && size != 4 && size != 8))
        continue; // no runtime entry point for it: the hardware does it
    }
    instrumentAtomic(I);
  }
  for (CallInst *CI : MemOps)
    instrumentMemOp(CI);
  for (CallInst *CI : Intercepted)
    instrumentIntercepted(CI);
  for (Instruction *I : Calls)
    setCallsite(cast<CallBase>(I));
  instrumentEntryExit();
}

void instrumentFunction(Function &F, SiteTable &Sites, RuntimeAPI &RT,
                        FuncStats &Stats) {
  FunctionInstrumenter(F, Sites, RT, Stats).run();
}

} // namespace racelens
