// plugin/inline_check.cpp -- the same-epoch check of a plain access, inline.
//
// Why inline: most accesses in a loop are the goroutine's second or later
// one to their word in its epoch, which the runtime answers from a single
// shadow cell.  As a call, that answer costs the call, the moves of its
// arguments and, worse, the caller's values in scratch registers (a loop's
// floating-point sums) spilled around it.  Inline, it is a few loads and
// compares, and the call stays on the path where they fail.
//
// Why only in innermost loops without calls, and only those where a call
// would spill (callsSpill): that is where a goroutine repeats its accesses
// with its state in registers, and where the check pays.  An access
// elsewhere runs once per call of its function, or next to calls, and in
// a loop whose few values stay in callee-saved registers the call costs
// about what the check does.  And the code generator pays for every
// instruction of a check: checking every access made compiling sqlite3.c
// ten times slower; checking every call-free innermost loop, 1.7x plain
// clang (docs/performance.md, Plugin).
//
// Why the check is shaped as it is: its size is the compile time, so
// everything that does not depend on the access is worked out once where
// its loop is entered, and it has a single call, with no other exit:
//   - the goroutine's epoch, count table and shadow table change only in
//     calls (a sync event, the runtime meeting the thread or growing the
//     table), so a loop without calls loads them once, on the way in;
//   - whether it may count this module's sites at all is one test there
//     (the table reaches the module's last id), so no check tests its id;
//     when it may not, the loop looks everything up in a table of zeros;
//   - a missing chunk reads as rl_shadow_empty's zero cells rather than a
//     branch, and every test against a zero record fails, so the runtime's
//     miss entry point (which knows that chunk) is the one way out.
// The layout read is the runtime's, fixed in rt/abi.h (RL_FAST_*).
#include "inline_check.h"

#include "abi.h"
#include "compat.h"
#include "options.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

using namespace llvm;

namespace racelens {
namespace {

struct Emitter {
  IRBuilder<> &B;
  Type *I8, *I32, *I64;
  MDNode *Likely; // the first way, so a check lays out straight

  void branch(Value *Cond, BasicBlock *Yes, BasicBlock *No) {
    B.CreateCondBr(Cond, Yes, No, Likely);
  }
  Value *at(Value *Base, uint64_t Off) {
    return Off ? B.CreateConstGEP1_64(I8, Base, Off) : Base;
  }
  Value *load(Type *Ty, Value *Base, uint64_t Off, bool atomic) {
    Value *P = B.CreatePointerCast(at(Base, Off), PointerType::getUnqual(Ty));
    LoadInst *L = B.CreateLoad(Ty, P);
    if (atomic) // shadow the runtime updates from other threads
      L->setAtomic(AtomicOrdering::Monotonic);
    L->setAlignment(
        Align(Ty->isPointerTy() ? 8 : Ty->getIntegerBitWidth() / 8));
    return L;
  }
};

Emitter emitter(IRBuilder<> &B) {
  return {B, B.getInt8Ty(), B.getInt32Ty(), B.getInt64Ty(),
          MDBuilder(B.getContext()).createBranchWeights(1000, 1)};
}

} // namespace

// A call, or what becomes one that may synchronise (an atomic).
static bool callLike(const Instruction &I) {
  if (auto *CB = dyn_cast<CallBase>(&I))
    return !isa<IntrinsicInst>(CB);
  return I.isAtomic();
}

// Whether a call in L makes the code generator spill around it, every
// turn: when L carries or reads a value across its accesses that no
// callee-saved register can keep -- a floating-point or vector one (the
// x86-64 SysV ABI keeps none of those across a call: matmul's sum), or
// more integers and pointers than its callee-saved registers (rbp may be
// the frame pointer: five).  Elsewhere a call costs about what a check
// does, in less code, so the loop keeps its calls.
static bool callsSpill(const Loop &L) {
  SmallPtrSet<const Value *, 16> Live;
  for (const PHINode &P : L.getHeader()->phis())
    Live.insert(&P);
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB)
      for (const Use &U : I.operands()) {
        const Value *V = U.get();
        auto *D = dyn_cast<Instruction>(V);
        if ((D && !L.contains(D)) || isa<Argument>(V))
          Live.insert(V);
      }
  unsigned ints = 0;
  for (const Value *V : Live) {
    Type *T = V->getType();
    if (T->isFPOrFPVectorTy() || T->isVectorTy())
      return true;
    ints += T->isIntOrPtrTy();
  }
  return ints > 5;
}

InlineChecks::InlineChecks(Function &F, RuntimeAPI &RT, SiteTable &Sites)
    : F(F), RT(RT), Sites(Sites) {
  if (F.isDeclaration() || options().noInline)
    return;
  DominatorTree DT(F);
  LoopInfo LI(DT);
  for (Loop *L : LI.getLoopsInPreorder()) {
    bool calls = false;
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB)
        calls = calls || callLike(I);
    if (calls || !L->isInnermost() || !callsSpill(*L))
      continue;
    for (BasicBlock *BB : L->blocks())
      HeaderOf[BB] = L->getHeader();
  }
}

void InlineChecks::makeState() {
  LLVMContext &C = F.getContext();
  Module &M = *F.getParent();
  // Stands in for a thread the runtime does not know yet (reach 0), and
  // for the shadow table when the checks may not count (every entry NULL).
  NoThread = M.getNamedGlobal("racelens.nothread");
  if (!NoThread) {
    ArrayType *T = ArrayType::get(Type::getInt64Ty(C), 4);
    NoThread =
        new GlobalVariable(M, T, true, GlobalValue::PrivateLinkage,
                           ConstantAggregateZero::get(T), "racelens.nothread");
    NoThread->setAlignment(Align(8));
  }
  IRBuilder<> B(&F.getEntryBlock(), F.getEntryBlock().begin());
  Type *Ty[NSTATE] = {bytePtrTy(C), Type::getInt64Ty(C), Type::getInt64Ty(C),
                      bytePtrTy(C), Type::getInt64Ty(C)};
  for (int i = 0; i < NSTATE; i++)
    State[i] = B.CreateAlloca(Ty[i], nullptr, "rl.state");
}

// Loads the state before `Before`: once per entry into a loop.
void InlineChecks::load(Instruction *Before) {
  IRBuilder<> B(Before);
  Emitter E = emitter(B);
  Type *P = bytePtrTy(F.getContext());
  Value *Null = Constant::getNullValue(P);
  Value *Zeros = B.CreatePointerCast(NoThread, P);
  Value *T = B.CreateLoad(P, threadLocalAddr(B, RT.tlsThread()));
  T = B.CreateSelect(B.CreateICmpEQ(T, Null), Zeros, T);
  Value *Top = B.CreateLoad(P, RT.shadowTop());
  // The table reaches this module's last site (0: not numbered yet), and
  // so all of them; and there is a shadow table.
  Value *Last = E.load(E.I32, Sites.last(), 0, false);
  Value *Ok = B.CreateAnd(
      B.CreateAnd(B.CreateICmpNE(Top, Null),
                  B.CreateICmpNE(Last, B.getInt32(0))),
      B.CreateICmpULT(Last, E.load(E.I32, T, RL_FAST_NCOUNTS_OFF, false)));
  uint64_t Reach = (1ull << (RL_FAST_ADDR_BITS - RL_FAST_CHUNK_SHIFT)) - 1;
  Value *Ep = E.load(E.I64, T, RL_FAST_EP_OFF, false);
  Value *First = B.CreateZExt(E.load(E.I32, Sites.first(), 0, false), E.I64);
  Value *Counts =
      B.CreateGEP(E.I8, E.load(P, T, RL_FAST_COUNTS_OFF, false),
                  B.CreateMul(First, B.getInt64(RL_FAST_COUNTS_SIZE)));
  Value *Plane =
      B.CreateMul(B.CreateAnd(B.CreateLShr(Ep, RL_FAST_EP_SLOT_SHIFT),
                              B.getInt64(RL_FAST_HINT_PLANES - 1)),
                  B.getInt64(RL_FAST_HINT_PLANE_BYTES));
  Value *V[NSTATE] = {B.CreateSelect(Ok, Top, Zeros),
                      B.CreateSelect(Ok, B.getInt64(Reach), B.getInt64(0)), Ep,
                      Counts, Plane};
  for (int i = 0; i < NSTATE; i++) {
    B.CreateStore(V[i], State[i]);
    Loaded.push_back(V[i]);
  }
}

Value *InlineChecks::state(IRBuilder<> &B, int which) {
  return B.CreateLoad(State[which]->getAllocatedType(), State[which]);
}

void InlineChecks::emit(Instruction *I, Value *Ptr, unsigned size, bool write,
                        Constant *Site, unsigned SiteIndex) {
  if (!State[0])
    makeState();
  Headers.insert(HeaderOf.lookup(I->getParent()));
  LLVMContext &C = I->getContext();
  BasicBlock *Head = I->getParent();
  BasicBlock *Cont = Head->splitBasicBlock(I->getIterator(), "rl.cont");
  HeaderOf[Cont] = HeaderOf.lookup(Head); /* the rest of the block, ours */
  Head->getTerminator()->eraseFromParent();
  auto block = [&](const char *name) {
    return BasicBlock::Create(C, name, &F, Cont);
  };
  BasicBlock *Hint = write ? nullptr : block("rl.hint");
  BasicBlock *Done = block("rl.done"), *Miss = block("rl.miss");

  IRBuilder<> B(Head);
  B.SetCurrentDebugLocation(I->getDebugLoc());
  Emitter E = emitter(B);
  Type *P = bytePtrTy(C);
  Value *Empty = B.CreatePointerCast(RT.shadowEmpty(), P);

  // The word's cell, or one of rl_shadow_empty's.  The access stays within
  // its word: the plugin takes this way only for accesses the IR says are
  // aligned to their size (as TSan, it trusts that; a misaligned one is
  // undefined behaviour the optimiser may already have relied on).
  Value *Addr = B.CreatePointerCast(Ptr, P);
  Value *A = B.CreatePtrToInt(Addr, E.I64);
  Value *Hi =
      B.CreateAnd(B.CreateLShr(A, RL_FAST_CHUNK_SHIFT), state(B, REACH));
  // Acquire, as the runtime's own lookup: the chunk is made by another
  // thread and installed with a release.
  Value *Top = B.CreatePointerCast(state(B, TOP), PointerType::getUnqual(P));
  Value *ChunkP = E.load(P, B.CreateGEP(P, Top, Hi), 0, true);
  cast<LoadInst>(ChunkP)->setOrdering(AtomicOrdering::Acquire);
  Value *Chunk = B.CreateSelect(
      B.CreateICmpEQ(ChunkP, Constant::getNullValue(P)), Empty, ChunkP);
  Value *Word =
      B.CreateAnd(B.CreateLShr(A, 3), B.getInt64(RL_FAST_CHUNK_CELLS - 1));
  Value *CellP = B.CreateGEP(E.I8, Chunk,
                             B.CreateMul(Word, B.getInt64(RL_FAST_CELL_SIZE)));

  // Our own write of this epoch covers either access, our own read of it
  // a read (rl_ep_covers; a whole word's mask makes it one compare).
  Value *Mask =
      size == 8 ? B.getInt64(0xff)
                : B.CreateShl(B.getInt64((1u << size) - 1), B.CreateAnd(A, 7));
  Value *Me = B.CreateOr(state(B, EPOCH), Mask);
  Value *Care =
      size == 8 ? nullptr : B.CreateOr(Mask, B.getInt64(~RL_FAST_EP_MASK));
  auto covers = [&](Value *Rec) -> Value * {
    if (!Care)
      return B.CreateICmpEQ(Rec, Me);
    return B.CreateICmpEQ(B.CreateAnd(B.CreateXor(Rec, Me), Care),
                          B.getInt64(0));
  };
  Value *W = E.load(E.I64, CellP, RL_FAST_CELL_W_OFF, true);
  if (write) {
    E.branch(covers(W), Done, Miss);
  } else {
    Value *R = E.load(E.I64, CellP, RL_FAST_CELL_R_OFF, true);
    E.branch(B.CreateOr(covers(R), covers(W)), Done, Hint);
    // Or a read set's hint for our slot (a zero cell when there is none).
    B.SetInsertPoint(Hint);
    Value *HintA = B.CreateIntToPtr(
        B.CreateAdd(B.CreateAnd(R, B.getInt64(~RL_FAST_EP_PTR)),
                    state(B, PLANE)),
        P);
    Value *H = E.load(
        E.I64, B.CreateSelect(B.CreateICmpSLT(R, B.getInt64(0)), HintA, Empty),
        0, true);
    E.branch(covers(H), Done, Miss);
  }

  // Nothing new to check: count the access, as the call would have.  The
  // module's sites are consecutive from the first one's id.
  B.SetInsertPoint(Done);
  Value *CountP =
      E.at(state(B, COUNTS),
           (uint64_t)SiteIndex * RL_FAST_COUNTS_SIZE +
               (write ? RL_FAST_COUNTS_WRITES_OFF : RL_FAST_COUNTS_READS_OFF));
  Value *N = E.load(E.I64, CountP, 0, true);
  StoreInst *St =
      B.CreateStore(B.CreateAdd(N, B.getInt64(1)),
                    B.CreatePointerCast(CountP, PointerType::getUnqual(E.I64)));
  St->setAtomic(AtomicOrdering::Monotonic); // rl_finish may read it
  St->setAlignment(Align(8));
  B.CreateBr(Cont);

  // The runtime goes on from the cell.  It changes nothing of the state
  // (an access does not move the epoch, and the table already reaches
  // every site of the module): no reload after it.
  B.SetInsertPoint(Miss);
  B.CreateCall(RT.miss(write), {CellP, Addr, B.getInt32(size), Site});
  B.CreateBr(Cont);
}

void InlineChecks::finish() {
  if (!State[0])
    return;
  BasicBlock &Entry = F.getEntryBlock();
  for (AllocaInst *A : State) // above anything later put first
    A->moveBefore(&*Entry.getFirstInsertionPt());
  // Where the checks' loops are entered: last in the preheader, after any
  // call there (the goroutine's first access may grow its table), made
  // now for a loop that has none (a guarded loop entered from a branch);
  // or, when the loop has no single way in, first in the header, every
  // turn.  Splitting blocks for the checks left each header the first
  // part of its block, so the loops are found by their headers.
  {
    DominatorTree DT(F);
    LoopInfo LI(DT);
    for (BasicBlock *H : Headers) {
      Loop *L = LI.getLoopFor(H);
      BasicBlock *Pre = L->getLoopPreheader();
      if (!Pre)
        Pre = InsertPreheaderForLoop(L, &DT, &LI, nullptr, false);
      load(Pre ? Pre->getTerminator() : &*H->getFirstInsertionPt());
    }
  }
  DominatorTree DT(F);
  PromoteMemToReg(SmallVector<AllocaInst *, NSTATE>(State, State + NSTATE), DT);
  // What no check in the loop reads (the hint plane of a loop of writes).
  RecursivelyDeleteTriviallyDeadInstructionsPermissive(Loaded);
}

} // namespace racelens
