// plugin/inline_check.cpp -- the same-epoch check of a plain access, inline.
//
// Why inline: most accesses in a loop are the goroutine's second or later
// one to their word in its epoch, which the runtime answers from a single
// shadow cell.  As a call, that answer costs the call, the moves of its
// arguments and, worse, the caller's values in scratch registers (a loop's
// floating-point sums) spilled around it.  Inline, it is a few loads and
// compares, and the call stays on the path where they fail.
//
// Why only in innermost loops without calls: that is where a goroutine
// repeats its accesses with its state in registers, and where the check
// pays.  An access elsewhere runs once per call of its function, or next
// to calls; and a check is about 75 instructions of code (against 5 for a
// call), which the code generator pays for: checking every access made
// compiling sqlite3.c ten times slower, and these loops alone still make
// it 1.9x plain clang against 1.4x without checks (-fplugin-arg-racelens-
// no-inline; docs/performance.md).
//
// Why the goroutine's state is kept in registers: its epoch, its count
// table and how far the table reaches change only inside calls (a sync
// event, the runtime meeting the thread or growing the table), so in a
// loop without calls it is loaded where the loop is entered and again only
// after a check's call of a whole entry point.  The layout read is the
// runtime's, fixed in rt/abi.h (RL_FAST_*).
#include "inline_check.h"

#include "abi.h"
#include "compat.h"
#include "options.h"

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
  // rt/detect/access.h, rl_ep_covers.
  Value *covers(Value *Rec, Value *Me) {
    Value *Care = B.CreateOr(Me, B.getInt64(~(uint64_t)RL_FAST_EP_MASK));
    return B.CreateICmpEQ(B.CreateAnd(B.CreateXor(Rec, Me), Care),
                          B.getInt64(0));
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

InlineChecks::InlineChecks(Function &F, RuntimeAPI &RT) : F(F), RT(RT) {
  if (F.isDeclaration() || options().noInline)
    return;
  DominatorTree DT(F);
  LoopInfo LI(DT);
  for (Loop *L : LI.getLoopsInPreorder()) {
    bool calls = false;
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB)
        calls = calls || callLike(I);
    if (calls || !L->isInnermost())
      continue;
    // Its checks read the state loaded on the way in, or at the top of
    // every turn when there is no single way in.
    BasicBlock *Pre = L->getLoopPreheader();
    if (!Pre) // a guarded loop entered from a branch: give it one
      Pre = InsertPreheaderForLoop(L, &DT, &LI, nullptr, false);
    for (BasicBlock *BB : L->blocks())
      LoadAt[BB] = Pre ? Pre : L->getHeader();
  }
}

void InlineChecks::makeState() {
  LLVMContext &C = F.getContext();
  Module &M = *F.getParent();
  // Stands in for a thread the runtime does not know yet: reach 0.
  NoThread = M.getNamedGlobal("racelens.nothread");
  if (!NoThread) {
    ArrayType *T = ArrayType::get(Type::getInt64Ty(C), 4);
    NoThread =
        new GlobalVariable(M, T, true, GlobalValue::PrivateLinkage,
                           ConstantAggregateZero::get(T), "racelens.nothread");
    NoThread->setAlignment(Align(8));
  }
  IRBuilder<> B(&F.getEntryBlock(), F.getEntryBlock().begin());
  Type *Ty[NSTATE] = {Type::getInt32Ty(C), Type::getInt64Ty(C), bytePtrTy(C),
                      bytePtrTy(C)};
  for (int i = 0; i < NSTATE; i++)
    State[i] = B.CreateAlloca(Ty[i], nullptr, "rl.state");
}

// Loads the state afresh before `Before`.
void InlineChecks::refresh(Instruction *Before) {
  IRBuilder<> B(Before);
  Emitter E = emitter(B);
  Type *P = bytePtrTy(F.getContext());
  Value *T = B.CreateLoad(P, threadLocalAddr(B, RT.tlsThread()));
  T = B.CreateSelect(B.CreateICmpEQ(T, Constant::getNullValue(P)),
                     B.CreatePointerCast(NoThread, P), T);
  Value *Top = B.CreateLoad(P, RT.shadowTop());
  Value *Limit = B.CreateSelect(B.CreateICmpEQ(Top, Constant::getNullValue(P)),
                                B.getInt32(0),
                                E.load(E.I32, T, RL_FAST_NCOUNTS_OFF, false));
  Value *V[NSTATE] = {Limit, E.load(E.I64, T, RL_FAST_EP_OFF, false),
                      E.load(P, T, RL_FAST_COUNTS_OFF, false), Top};
  for (int i = 0; i < NSTATE; i++) {
    B.CreateStore(V[i], State[i]);
    Loaded.push_back(V[i]);
  }
}

Value *InlineChecks::state(IRBuilder<> &B, int which) {
  return B.CreateLoad(State[which]->getAllocatedType(), State[which]);
}

void InlineChecks::emit(Instruction *I, Value *Ptr, unsigned size, bool write,
                        Constant *Site) {
  if (!State[0])
    makeState();
  Loads.insert(LoadAt.lookup(I->getParent()));
  LLVMContext &C = I->getContext();
  BasicBlock *Head = I->getParent();
  BasicBlock *Cont = Head->splitBasicBlock(I->getIterator(), "rl.cont");
  LoadAt[Cont] = LoadAt.lookup(Head); /* the rest of the block, still ours */
  Head->getTerminator()->eraseFromParent();
  auto block = [&](const char *name) {
    return BasicBlock::Create(C, name, &F, Cont);
  };
  BasicBlock *Chunk = block("rl.chunk"), *Cell = block("rl.cell");
  BasicBlock *Hint = write ? nullptr : block("rl.hint");
  BasicBlock *Done = block("rl.done"), *Miss = block("rl.miss");
  BasicBlock *Slow = block("rl.slow");

  IRBuilder<> B(Head);
  B.SetCurrentDebugLocation(I->getDebugLoc());
  Emitter E = emitter(B);
  Type *P = bytePtrTy(C);

  // Within the table, the site's count within reach (0 without a goroutine
  // or a table): else the call.  The access stays within its word: the
  // plugin takes this way only for accesses the IR says are aligned to
  // their size (as TSan, it trusts that; a misaligned one is undefined
  // behaviour the optimiser may already have relied on).
  Value *Addr = B.CreatePointerCast(Ptr, P);
  Value *A = B.CreatePtrToInt(Addr, E.I64);
  Value *Off = B.CreateAnd(A, 7);
  Value *Hi = B.CreateLShr(A, RL_FAST_CHUNK_SHIFT);
  Value *Id = E.load(E.I32, Site, 0, false);
  Value *Ok = B.CreateAnd(
      B.CreateICmpULT(
          Hi, B.getInt64(1ull << (RL_FAST_ADDR_BITS - RL_FAST_CHUNK_SHIFT))),
      B.CreateICmpULT(Id, state(B, LIMIT)));
  E.branch(Ok, Chunk, Slow);

  B.SetInsertPoint(Chunk);
  Value *Top = B.CreatePointerCast(state(B, TOP), PointerType::getUnqual(P));
  // Acquire, as the runtime's own lookup: the chunk is made by another
  // thread and installed with a release.
  Value *ChunkP = E.load(P, B.CreateGEP(P, Top, Hi), 0, /*atomic=*/true);
  cast<LoadInst>(ChunkP)->setOrdering(AtomicOrdering::Acquire);
  E.branch(B.CreateICmpNE(ChunkP, Constant::getNullValue(P)), Cell, Slow);

  // The cell: our own write of this epoch covers either access, our own
  // read of it a read.
  B.SetInsertPoint(Cell);
  Value *Word =
      B.CreateAnd(B.CreateLShr(A, 3), B.getInt64(RL_FAST_CHUNK_CELLS - 1));
  Value *CellP = B.CreateGEP(E.I8, ChunkP,
                             B.CreateMul(Word, B.getInt64(RL_FAST_CELL_SIZE)));
  // A whole word's mask is a constant (Off is 0 here): rl_ep_covers then
  // folds to one compare.
  Value *Mask = size == 8 ? B.getInt64(0xff)
                          : B.CreateShl(B.getInt64((1u << size) - 1), Off);
  Value *Me = B.CreateOr(state(B, EPOCH), Mask);
  Value *W = E.load(E.I64, CellP, RL_FAST_CELL_W_OFF, true);
  if (write) {
    E.branch(E.covers(W, Me), Done, Miss);
  } else {
    Value *R = E.load(E.I64, CellP, RL_FAST_CELL_R_OFF, true);
    E.branch(B.CreateOr(E.covers(R, Me), E.covers(W, Me)), Done, Hint);
    // Or a read set's hint for our slot.
    B.SetInsertPoint(Hint);
    BasicBlock *HintLoad = block("rl.hint.load");
    E.branch(B.CreateICmpSLT(R, B.getInt64(0)), HintLoad, Miss);
    B.SetInsertPoint(HintLoad);
    Value *Plane = B.CreateAnd(B.CreateLShr(Me, RL_FAST_EP_SLOT_SHIFT),
                               B.getInt64(RL_FAST_HINT_PLANES - 1));
    Value *HintA =
        B.CreateAdd(B.CreateAnd(R, B.getInt64(~RL_FAST_EP_PTR)),
                    B.CreateMul(Plane, B.getInt64(RL_FAST_HINT_PLANE_BYTES)));
    Value *H = E.load(E.I64, B.CreateIntToPtr(HintA, P), 0, true);
    E.branch(E.covers(H, Me), Done, Miss);
  }

  // Nothing new to check: count the access, as the call would have.
  B.SetInsertPoint(Done);
  Value *CountP =
      B.CreateGEP(E.I8, state(B, COUNTS),
                  B.CreateAdd(B.CreateMul(B.CreateZExt(Id, E.I64),
                                          B.getInt64(RL_FAST_COUNTS_SIZE)),
                              B.getInt64(write ? RL_FAST_COUNTS_WRITES_OFF
                                               : RL_FAST_COUNTS_READS_OFF)));
  Value *N = E.load(E.I64, CountP, 0, true);
  StoreInst *St =
      B.CreateStore(B.CreateAdd(N, B.getInt64(1)),
                    B.CreatePointerCast(CountP, PointerType::getUnqual(E.I64)));
  St->setAtomic(AtomicOrdering::Monotonic); // rl_finish may read it
  St->setAlignment(Align(8));
  B.CreateBr(Cont);

  // The cell has nothing for us: the runtime goes on from the cell.  It
  // changes nothing of the state (the site is within reach, an access
  // does not move the epoch): no reload after it.
  B.SetInsertPoint(Miss);
  B.CreateCall(RT.miss(write), {CellP, Addr, Me, B.getInt32(size), Site});
  B.CreateBr(Cont);

  // No cell to look at (no goroutine, no table, no chunk, a new site): the
  // whole entry point.
  B.SetInsertPoint(Slow);
  WholeCalls.push_back(B.CreateCall(RT.access(write, size), {Addr, Site}));
  B.CreateBr(Cont);
}

void InlineChecks::finish() {
  if (!State[0])
    return;
  BasicBlock &Entry = F.getEntryBlock();
  for (AllocaInst *A : State) // above anything later put first
    A->moveBefore(&*Entry.getFirstInsertionPt());
  // Where the checks' loops are entered, and after every call that may
  // have changed the state (a whole entry point: it may have met the
  // thread or grown its count table).  Nowhere else: the state is live
  // only in the loops, so the code generator does not carry it through a
  // big function.
  for (BasicBlock *BB : Loads) // a preheader, or a header (every turn)
    refresh(&*BB->getFirstInsertionPt());
  // The loops had no calls; any in them now is the runtime's for an access
  // the check does not take (16 bytes, a range, a span), which may grow
  // the count table as a whole entry point may.
  for (auto &KV : LoadAt)
    for (Instruction &I : *const_cast<BasicBlock *>(KV.first))
      if (isa<CallInst>(I) && !isa<IntrinsicInst>(I))
        WholeCalls.push_back(cast<CallInst>(&I));
  for (CallInst *CI : WholeCalls)
    refresh(CI->getNextNode());
  DominatorTree DT(F);
  PromoteMemToReg(SmallVector<AllocaInst *, NSTATE>(State, State + NSTATE), DT);
  // A reload no check reads before the next one goes again.
  RecursivelyDeleteTriviallyDeadInstructionsPermissive(Loaded);
}

} // namespace racelens
