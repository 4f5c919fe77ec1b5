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
//   redundant within a stretch of a block where the clock cannot move (no
//             atomic, fence or call that may synchronise), a later access
//             covering an earlier one (access_span.h: same bytes or more, a
//             write covering anything, a read covering a read) leaves only
//             the later check; across blocks, a check dominated by a
//             covering one with no such instruction on any path in between
//             (dominated_checks.h)
//
// Not a skip rule but a saving of calls: adjacent accesses of one kind in
// such a stretch, within one 8-byte word (`p->lo = a; p->hi = b;`), are
// checked by one span call that still carries a site per access, and a
// memcpy's source and destination by one call (rt/detect/multi_access.c).
// `stats` counts them as "merged".
#include "instrument_function.h"
#include "source_path.h"

#include "access_span.h"
#include "compat.h"
#include "dominated_checks.h"
#include "expr_names.h"
#include "inline_check.h"
#include "intercepts.h"
#include "local_escape.h"

#include "abi.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/Local.h"

#include <algorithm>

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
  bool fixedAccess(Instruction *I, uint64_t &size, uint64_t &align);
  void mergeSpans();
  void instrumentSpan(ArrayRef<Instruction *> chain);
  SiteInfo site(Instruction *I, unsigned kind, unsigned size = 0,
                unsigned order = 0);
  // What S accesses at Ptr: its expression, and a local's declaration.
  void name(SiteInfo &S, Value *Ptr, uint64_t size = 0) {
    S.expr = Names.location(Ptr, size);
    S.decl_line = Names.declLine(Ptr);
  }
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
  InlineChecks Inline{F, RT, Sites};
  ExprNamer Names;
  const DataLayout &DL;
  DenseMap<Value *, bool> AllocaEscapes;
  // Which stretch of a block (no clock change inside) each access is in.
  DenseMap<Instruction *, unsigned> StretchOf;
  unsigned Stretches = 0;
  SmallVector<SmallVector<Instruction *, 4>, 8> Spans;

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
      it = AllocaEscapes.insert({Obj, localMayEscape(Obj)}).first;
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

// Keeps the accesses of a stretch of a block in which the clock cannot move
// that no later access of the stretch covers (see access_span.h), walking
// backwards.  Stretches are short: a linear scan of the kept spans is fine.
void FunctionInstrumenter::flushBlockAccesses(
    SmallVectorImpl<Instruction *> &pending) {
  SmallVector<AccessSpan, 16> later;
  SmallVector<Instruction *, 16> kept;
  for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
    AccessSpan S = spanOf(*it);
    bool covered = false;
    for (const AccessSpan &L : later)
      if (L.covers(S)) {
        covered = true;
        break;
      }
    if (covered) {
      Stats.redundant++;
      continue;
    }
    later.push_back(S);
    kept.push_back(*it);
    StretchOf[*it] = Stretches;
  }
  Stretches++;
  Accesses.append(kept.rbegin(), kept.rend());
  pending.clear();
}

// A header of the system's (libc's, the compiler's), not the program's.
static bool inSystemHeader(const std::string &path) {
  return path.rfind("/usr/include/", 0) == 0 || path.rfind("/usr/lib/", 0) == 0;
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
  const DILocation *Loc = I ? I->getDebugLoc().get() : nullptr;
  // Code a system header inlined into the program (glibc's fortified
  // strcpy, its bsearch) is reported where the program called it: the
  // student wrote that line, not the header's.
  while (Loc && Loc->getInlinedAt() && inSystemHeader(sourcePath(Loc)))
    Loc = Loc->getInlinedAt();
  if (Loc) {
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

// Whether the runtime has a fixed-size entry point for the access (else it
// is checked as a range).
bool FunctionInstrumenter::fixedAccess(Instruction *I, uint64_t &size,
                                       uint64_t &align) {
  bool write = isa<StoreInst>(I);
  Type *T =
      write ? cast<StoreInst>(I)->getValueOperand()->getType() : I->getType();
  size = DL.getTypeStoreSize(T).getKnownMinValue();
  align = write ? cast<StoreInst>(I)->getAlign().value()
                : cast<LoadInst>(I)->getAlign().value();
  return !T->isVectorTy() && !T->isAggregateType() &&
         (size == 1 || size == 2 || size == 4 || size == 8 || size == 16) &&
         (align >= size || align >= 8);
}

static uint64_t pow2Ceil(uint64_t n) {
  uint64_t p = 1;
  while (p < n)
    p <<= 1;
  return p;
}

// Chains, within each stretch, fixed-size accesses of one kind to adjacent
// bytes of one base, as long as the chain provably stays inside one aligned
// 8-byte word (the span's fast path is one shadow word).  Accesses keeps
// each stretch's accesses together, in order.
void FunctionInstrumenter::mergeSpans() {
  SmallPtrSet<Instruction *, 16> Merged;
  for (size_t i = 0; i < Accesses.size();) {
    size_t j = i;
    unsigned stretch = StretchOf.lookup(Accesses[i]);
    // Bases ranked by first use, so the output does not depend on where
    // values happen to sit in memory.
    DenseMap<const Value *, unsigned> Rank;
    struct Item {
      AccessSpan S;
      unsigned rank, order;
      uint64_t align;
      Instruction *I;
    };
    SmallVector<Item, 16> Items;
    for (; j < Accesses.size() && StretchOf.lookup(Accesses[j]) == stretch;
         j++) {
      uint64_t size, align;
      if (!fixedAccess(Accesses[j], size, align) || size > 4)
        continue;
      AccessSpan S = spanOf(Accesses[j]);
      unsigned r = Rank.insert({S.Base, Rank.size()}).first->second;
      Items.push_back({S, r, (unsigned)Items.size(), align, Accesses[j]});
    }
    i = j;
    std::sort(Items.begin(), Items.end(), [](const Item &a, const Item &b) {
      if (a.rank != b.rank)
        return a.rank < b.rank;
      if (a.S.Write != b.S.Write)
        return a.S.Write < b.S.Write;
      if (a.S.Off != b.S.Off)
        return a.S.Off < b.S.Off;
      return a.order < b.order;
    });
    for (size_t a = 0; a < Items.size();) {
      size_t b = a + 1;
      uint64_t total = Items[a].S.Size;
      for (; b < Items.size(); b++) {
        const AccessSpan &N = Items[b].S;
        uint64_t grown = total + N.Size;
        if (N.Base != Items[a].S.Base || N.Write != Items[a].S.Write ||
            N.Off != Items[a].S.Off + (int64_t)total || grown > 8)
          break;
        // The word boundary: proved by the access's alignment, or by
        // raising that of the global or stack slot it is in.
        uint64_t need = pow2Ceil(grown);
        if (Items[a].align < need &&
            getOrEnforceKnownAlignment(accessPtr(Items[a].I), Align(need), DL)
                    .value() < need)
          break;
        Items[a].align = std::max(Items[a].align, need);
        total = grown;
      }
      if (b - a >= 2) {
        Spans.emplace_back();
        for (size_t k = a; k < b; k++) {
          Spans.back().push_back(Items[k].I);
          Merged.insert(Items[k].I);
        }
        Stats.merged += b - a - 1;
      }
      a = b;
    }
  }
  Accesses.erase(
      std::remove_if(Accesses.begin(), Accesses.end(),
                     [&](Instruction *I) { return Merged.count(I); }),
      Accesses.end());
}

// One call for a chain from mergeSpans (address order), placed at the
// chain's first access in the block, with one site per access.
void FunctionInstrumenter::instrumentSpan(ArrayRef<Instruction *> chain) {
  Instruction *First = chain[0];
  for (Instruction *I : chain)
    if (I->comesBefore(First))
      First = I;
  AccessSpan Lo = spanOf(chain[0]);
  IRBuilder<> B(First);
  Value *Base = asPtr(B, const_cast<Value *>(Lo.Base));
  Value *Ptr = B.CreateGEP(B.getInt8Ty(), Base, B.getInt64(Lo.Off));
  Constant *FirstSite = nullptr;
  uint64_t total = 0;
  for (Instruction *I : chain) {
    AccessSpan S = spanOf(I);
    SiteInfo Info = site(I, S.Write ? RL_SITE_WRITE : RL_SITE_READ, S.Size);
    name(Info, accessPtr(I), S.Size);
    Constant *C = Sites.add(Info, nullptr, true);
    if (!FirstSite)
      FirstSite = C;
    total += S.Size;
    (S.Write ? Stats.writes : Stats.reads)++;
  }
  B.CreateCall(RT.span(Lo.Write), {Ptr, B.getInt64(total), FirstSite});
}

void FunctionInstrumenter::instrumentAccess(Instruction *I) {
  bool write = isa<StoreInst>(I);
  Value *Ptr = accessPtr(I);
  uint64_t size, align;
  bool fixed = fixedAccess(I, size, align);
  IRBuilder<> B(I);
  SiteInfo S = site(I,
                    write ? (fixed ? RL_SITE_WRITE : RL_SITE_WRITE_RANGE)
                          : (fixed ? RL_SITE_READ : RL_SITE_READ_RANGE),
                    fixed ? size : 0);
  name(S, Ptr, size);
  unsigned SiteIndex;
  Constant *SiteRef = Sites.add(S, &SiteIndex);
  if (fixed) {
    if (size <= 8 && Inline.wants(I))
      Inline.emit(I, Ptr, size, write, SiteRef, SiteIndex);
    else
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
    name(S, LI->getPointerOperand(), size);
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
    name(S, SI->getPointerOperand(), size);
    B.CreateCall(RT.atomic("store", size),
                 {asPtr(B, SI->getPointerOperand()), toInt(B, Val, IT),
                  B.getInt32(order), Sites.add(S)});
  } else if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
    Value *Val = RMW->getValOperand();
    unsigned size = DL.getTypeStoreSize(Val->getType());
    Type *IT = Type::getIntNTy(C, size * 8);
    unsigned order = cOrder(RMW->getOrdering());
    SiteInfo S = site(I, RL_SITE_ATOMIC_RMW, size, order);
    name(S, RMW->getPointerOperand(), size);
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
    name(S, CX->getPointerOperand(), size);
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
  Skip s = skipRule(Dst);
  if (!isSet) {
    Value *Src = CI->getArgOperand(1);
    Skip r = skipRule(Src);
    count(r);
    if (r == KEEP && s == KEEP) {
      // Both sides in one call: the read's site, then the write's.
      SiteInfo R = site(CI, RL_SITE_READ_RANGE);
      name(R, Src);
      SiteInfo W = site(CI, RL_SITE_WRITE_RANGE);
      name(W, Dst);
      Constant *Pair = Sites.add(R, nullptr, true);
      Sites.add(W, nullptr, true);
      B.CreateCall(RT.copyRange(), {asPtr(B, Dst), asPtr(B, Src), Len, Pair});
      Stats.ranges += 2;
      Stats.merged++;
      return;
    }
    if (r == KEEP) {
      SiteInfo S = site(CI, RL_SITE_READ_RANGE);
      name(S, Src);
      B.CreateCall(RT.range(false), {asPtr(B, Src), Len, Sites.add(S)});
      Stats.ranges++;
    }
  }
  count(s);
  if (s == KEEP) {
    SiteInfo S = site(CI, RL_SITE_WRITE_RANGE);
    name(S, Dst);
    B.CreateCall(RT.range(true), {asPtr(B, Dst), Len, Sites.add(S)});
    Stats.ranges++;
  }
}

void FunctionInstrumenter::instrumentIntercepted(CallInst *CI) {
  Function *Callee =
      cast<Function>(CI->getCalledOperand()->stripPointerCasts());
  SiteInfo S = site(CI, RL_SITE_CALL);
  S.callee = calleeName(Callee->getName());
  // What a sync call's result is stored to names its object ("ch"); a
  // string or buffer call's accesses are named by the memory they touch.
  if (!isMemoryIntercept(Callee))
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
        if (mayChangeClock(*CB))
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
  Stats.redundant += dropDominatedChecks(F, Accesses);
  mergeSpans();

  // Phase 2: rewrite.
  for (Instruction *I : Accesses)
    instrumentAccess(I);
  for (auto &Chain : Spans)
    instrumentSpan(Chain);
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
  Inline.finish();
}

void instrumentFunction(Function &F, SiteTable &Sites, RuntimeAPI &RT,
                        FuncStats &Stats) {
  FunctionInstrumenter(F, Sites, RT, Stats).run();
}

} // namespace racelens
