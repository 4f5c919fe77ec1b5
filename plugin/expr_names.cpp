// plugin/expr_names.cpp -- turning addresses back into source expressions.
#include "expr_names.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;

namespace racelens {

// Past typedefs and qualifiers to the type that has the shape.
static DIType *strip(DIType *T) {
  while (auto *D = dyn_cast_or_null<DIDerivedType>(T)) {
    unsigned tag = D->getTag();
    if (tag != dwarf::DW_TAG_typedef && tag != dwarf::DW_TAG_const_type &&
        tag != dwarf::DW_TAG_volatile_type &&
        tag != dwarf::DW_TAG_restrict_type && tag != dwarf::DW_TAG_atomic_type)
      break;
    T = D->getBaseType();
  }
  return T;
}

static DIType *pointee(DIType *T) {
  auto *D = dyn_cast_or_null<DIDerivedType>(strip(T));
  if (D && D->getTag() == dwarf::DW_TAG_pointer_type)
    return D->getBaseType();
  return nullptr;
}

// The member of a struct type at a byte offset (the first one: for a
// nested struct, the outer member's name is what the student wrote first).
static DIDerivedType *memberAt(DIType *T, uint64_t off) {
  auto *CT = dyn_cast_or_null<DICompositeType>(strip(T));
  if (!CT || (CT->getTag() != dwarf::DW_TAG_structure_type &&
              CT->getTag() != dwarf::DW_TAG_union_type))
    return nullptr;
  DIDerivedType *best = nullptr;
  for (DINode *N : CT->getElements()) {
    auto *Mem = dyn_cast<DIDerivedType>(N);
    if (!Mem || Mem->getTag() != dwarf::DW_TAG_member)
      continue;
    uint64_t start = Mem->getOffsetInBits() / 8;
    uint64_t size = (Mem->getSizeInBits() + 7) / 8;
    if (off >= start && (off < start + size || (size == 0 && off == start)))
      if (!best)
        best = Mem;
  }
  return best;
}

static bool isArray(DIType *T) {
  auto *CT = dyn_cast_or_null<DICompositeType>(strip(T));
  return CT && CT->getTag() == dwarf::DW_TAG_array_type;
}

static DIType *elementOf(DIType *T) {
  if (auto *CT = dyn_cast_or_null<DICompositeType>(strip(T)))
    if (CT->getTag() == dwarf::DW_TAG_array_type)
      return CT->getBaseType();
  return pointee(T);
}

// When a value is bound to several variables (`struct acct *p = arg;` at
// -O2), the local the student declared says more than the parameter.
void ExprNamer::bind(Value *V, DILocalVariable *Var) {
  if (!V || !Var)
    return;
  // A record of a cast of the storage (clang 14 at -O1: the struct in an
  // i64 alloca) names the storage, which is what accesses lead back to.
  if (V != V->stripPointerCasts() && isa<AllocaInst>(V->stripPointerCasts()))
    bind(V->stripPointerCasts(), Var);
  auto it = Vars.find(V);
  if (it == Vars.end() || (it->second->getArg() != 0 && Var->getArg() == 0))
    Vars[V] = Var;
}

// With assignment tracking (clang's default at -O1 and up since LLVM 17)
// a variable's storage is named only by its assignments' address operand:
// the alloca, for an assignment to the whole variable.
void ExprNamer::bindAddress(Value *Addr, DILocalVariable *Var) {
  if (Addr && isa<AllocaInst>(Addr->stripPointerCasts()))
    bind(Addr->stripPointerCasts(), Var);
}

ExprNamer::ExprNamer(Function &F) : DL(F.getParent()->getDataLayout()) {
  for (Instruction &I : instructions(F)) {
    if (auto *DVI = dyn_cast<DbgVariableIntrinsic>(&I)) {
      for (Value *V : DVI->location_ops())
        bind(V, DVI->getVariable());
#if LLVM_VERSION_MAJOR >= 17
      if (auto *DAI = dyn_cast<DbgAssignIntrinsic>(DVI))
        bindAddress(DAI->getAddress(), DAI->getVariable());
#endif
    }
#if LLVM_VERSION_MAJOR >= 19
    for (DbgVariableRecord &R : filterDbgVars(I.getDbgRecordRange())) {
      for (Value *V : R.location_ops())
        bind(V, R.getVariable());
      if (R.isDbgAssign())
        bindAddress(R.getAddress(), R.getVariable());
    }
#endif
  }
}

ExprNamer::Named ExprNamer::var(Value *V) {
  if (auto *GV = dyn_cast<GlobalVariable>(V)) {
    SmallVector<DIGlobalVariableExpression *, 1> DIs;
    GV->getDebugInfo(DIs);
    for (DIGlobalVariableExpression *E : DIs)
      if (DIGlobalVariable *DV = E->getVariable())
        return {DV->getName().str(), DV->getType()};
    if (GV->hasName() && GV->getName()[0] != '.')
      return {GV->getName().str(), nullptr};
    return {};
  }
  auto it = Vars.find(V);
  if (it != Vars.end() && it->second)
    return {it->second->getName().str(), it->second->getType()};
  return {};
}

// At -O1 and up an index `me`, an int made from a wider value (`int me =
// (long)arg`), is sign- or zero-extended as shifts or a mask of the wide
// value, which no variable names: `me` is bound to a trunc of the same wide
// value, found among its users, or (when nothing else needed the trunc)
// to the wide value through a narrowing debug expression.
static Value *narrowedFrom(Value *Idx) {
  using namespace PatternMatch;
  Value *X;
  uint64_t k1, k2, mask;
  unsigned bits = Idx->getType()->getScalarSizeInBits(), narrow = 0;
  if ((match(Idx,
             m_AShr(m_Shl(m_Value(X), m_ConstantInt(k1)), m_ConstantInt(k2))) ||
       match(Idx, m_LShr(m_Shl(m_Value(X), m_ConstantInt(k1)),
                         m_ConstantInt(k2)))) &&
      k1 == k2 && k1 < bits)
    narrow = bits - (unsigned)k1;
  else if (match(Idx, m_And(m_Value(X), m_ConstantInt(mask))) &&
           isMask_64(mask))
    narrow = (unsigned)__builtin_popcountll(mask);
  if (!narrow)
    return nullptr;
  for (User *U : X->users())
    if (auto *T = dyn_cast<TruncInst>(U))
      if (T->getType()->getScalarSizeInBits() == narrow)
        return T;
  return X; // with no trunc left, `me` is bound to the wide value itself
}

std::string ExprNamer::indexName(Value *Idx, int depth) {
  while (auto *C = dyn_cast<CastInst>(Idx))
    Idx = C->getOperand(0);
  if (auto *CI = dyn_cast<ConstantInt>(Idx))
    return std::to_string(CI->getSExtValue());
  std::string text = val(Idx, depth + 1).text;
  if (text.empty())
    if (Value *T = narrowedFrom(Idx))
      text = val(T, depth + 1).text;
  return text;
}

// The value V, named: a variable bound to it, or the location it was
// loaded from.
ExprNamer::Named ExprNamer::val(Value *V, int depth) {
  if (depth > 6)
    return {};
  Named n = var(V);
  if (!n.text.empty() && !isa<GlobalVariable>(V) && !isa<AllocaInst>(V))
    return n;
  if (auto *LI = dyn_cast<LoadInst>(V))
    return loc(LI->getPointerOperand(), depth + 1);
  if (auto *C = dyn_cast<CastInst>(V))
    return val(C->getOperand(0), depth + 1);
  return {};
}

// `*p` followed by a member or an index needs parentheses: (*pp)->x.
static std::string operand(const std::string &text) {
  return !text.empty() && text[0] == '*' ? "(" + text + ")" : text;
}

static uint64_t byteSize(DIType *T) {
  T = strip(T);
  return T ? T->getSizeInBits() / 8 : 0;
}

// From a named object, down through the members and elements that hold the
// `size` bytes at byte offset `off` in it: s.in.field, arr[2].x.  Stops at
// the outermost part that starts there and is no bigger than the access
// (size 0, a range: at the outermost part that starts there).
static ExprNamer::Named descend(ExprNamer::Named n, uint64_t off,
                                uint64_t size) {
  for (int steps = 0; steps < 16 && n.type; steps++) {
    DIType *T = strip(n.type);
    uint64_t tsize = byteSize(T);
    if (off == 0 && (size == 0 || tsize <= size))
      break;
    if (DIDerivedType *Mem = memberAt(T, off)) {
      if (Mem->getName().empty())
        break; // an anonymous struct or union: its members are reached
               // by their own names in C, but DWARF has no path to print
      n = {operand(n.text) + "." + Mem->getName().str(), Mem->getBaseType()};
      off -= Mem->getOffsetInBits() / 8;
      continue;
    }
    if (!isArray(T))
      break;
    DIType *el = elementOf(T);
    uint64_t elsize = byteSize(el);
    if (!elsize)
      break;
    n = {operand(n.text) + "[" + std::to_string(off / elsize) + "]", el};
    off %= elsize;
  }
  return n;
}

// What pointer value P points at, `off` bytes in: p->f, p[3], *p, p->a.b.
static ExprNamer::Named through(ExprNamer::Named p, uint64_t off,
                                uint64_t size) {
  DIType *PT = pointee(p.type);
  uint64_t psize = byteSize(PT);
  if (psize && off >= psize) {
    ExprNamer::Named el = {
        operand(p.text) + "[" + std::to_string(off / psize) + "]", PT};
    return descend(el, off % psize, size);
  }
  if (DIDerivedType *Mem = memberAt(PT, off))
    if (!Mem->getName().empty() && (off != 0 || (size && psize > size)))
      return descend(
          {operand(p.text) + "->" + Mem->getName().str(), Mem->getBaseType()},
          off - Mem->getOffsetInBits() / 8, size);
  if (off == 0)
    return {"*" + operand(p.text), PT};
  return {};
}

// Where a global starts in the source variable it holds: at -O2 GlobalOpt
// splits `int table[4]` whose accesses all have constant indices into
// table.0 ... table.3, each marked in its debug info as a fragment of
// `table` at its own offset.
static uint64_t fragmentOffset(Value *V) {
  auto *GV = dyn_cast<GlobalVariable>(V);
  if (!GV)
    return 0;
  SmallVector<DIGlobalVariableExpression *, 1> DIs;
  GV->getDebugInfo(DIs);
  for (DIGlobalVariableExpression *E : DIs)
    if (DIExpression *X = E->getExpression())
      if (auto F = X->getFragmentInfo())
        return F->OffsetInBits / 8;
  return 0;
}

// With typed pointers (clang 14) `int *buf = arg;` is a bitcast of the
// parameter, and buf's debug record is bound to the bitcast: the first
// cast on the way from the access's pointer down to Base that a variable
// is bound to names it, before Base's own (the parameter's).
ExprNamer::Named ExprNamer::castBound(Value *V, Value *Base) {
  for (int i = 0; V != Base && i < 8; i++) {
    auto it = Vars.find(V);
    if (it != Vars.end() && it->second)
      return {it->second->getName().str(), it->second->getType()};
    auto *C = dyn_cast<Operator>(V);
    if (!C || (C->getOpcode() != Instruction::BitCast &&
               C->getOpcode() != Instruction::AddrSpaceCast))
      break;
    V = C->getOperand(0);
  }
  return {};
}

ExprNamer::Named ExprNamer::loc(Value *Ptr, int depth, uint64_t size) {
  if (depth > 6)
    return {};
  Value *Orig = Ptr;
  Ptr = Ptr->stripPointerCasts();
  if (isa<GlobalVariable>(Ptr) || isa<AllocaInst>(Ptr))
    return descend(var(Ptr), fragmentOffset(Ptr), size);
  if (auto *GEP = dyn_cast<GEPOperator>(Ptr)) {
    Value *Base = GEP->getPointerOperand()->stripPointerCasts();
    APInt at(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
    if (uint64_t frag = fragmentOffset(Base))
      return GEP->accumulateConstantOffset(DL, at) && !at.isNegative()
                 ? descend(var(Base), frag + at.getZExtValue(), size)
                 : Named{};
    // Base names an object (a variable or a part of one): s.f, a[i];
    // otherwise it is a pointer value: p->f, p[i].
    bool object = isa<GlobalVariable>(Base) || isa<AllocaInst>(Base) ||
                  isa<GEPOperator>(Base);
    Named b = object ? loc(Base, depth + 1, 0)
                     : castBound(GEP->getPointerOperand(), Base);
    if (!object && b.text.empty())
      b = val(Base, depth + 1);
    if (b.text.empty())
      return {};
    APInt off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
    if (GEP->accumulateConstantOffset(DL, off)) {
      if (off.isNegative())
        return {};
      uint64_t o = off.getZExtValue();
      return object ? descend(b, o, size) : through(b, o, size);
    }
    return indexed(GEP, b, object, depth, size);
  }
  Named p = castBound(Orig, Ptr);
  if (p.text.empty())
    p = val(Ptr, depth + 1);
  if (p.text.empty())
    return {};
  return through(p, 0, size);
}

// A GEP with variable indices, walked index by index over the IR types,
// each step matched to the DWARF type by its byte offset: arr[i].x,
// p->rows[i], p[i].name.
ExprNamer::Named ExprNamer::indexed(GEPOperator *GEP, Named b, bool object,
                                    int depth, uint64_t size) {
  Named cur = b;
  bool deref = false; // a pointer base indexed by 0: `p->` comes next
  for (auto GTI = gep_type_begin(GEP), E = gep_type_end(GEP); GTI != E; ++GTI) {
    Value *Idx = GTI.getOperand();
    auto *C = dyn_cast<ConstantInt>(Idx);
    if (GTI == gep_type_begin(GEP)) {
      if (C && C->isZero()) {
        if (object)
          continue;
        deref = true;
        cur.type = pointee(cur.type);
        continue;
      }
      // Pointer arithmetic: the base was a pointer, or an object used as
      // one (arr + i on an array's first element).
      DIType *el = object ? cur.type : pointee(cur.type);
      cur = {operand(cur.text) + "[" + indexName(Idx, depth) + "]", el};
      continue;
    }
    if (StructType *ST = GTI.getStructTypeOrNull()) {
      uint64_t off = DL.getStructLayout(ST)->getElementOffset(
          (unsigned)cast<ConstantInt>(Idx)->getZExtValue());
      DIDerivedType *Mem = memberAt(cur.type, off);
      if (!Mem || Mem->getName().empty())
        return cur.text.empty() || deref ? Named{} : cur;
      cur = {operand(cur.text) + (deref ? "->" : ".") + Mem->getName().str(),
             Mem->getBaseType()};
      deref = false;
      continue;
    }
    std::string i =
        C ? std::to_string(C->getSExtValue()) : indexName(Idx, depth);
    if (deref) {
      cur = {"(*" + cur.text + ")", cur.type};
      deref = false;
    }
    cur = {operand(cur.text) + "[" + i + "]", elementOf(cur.type)};
  }
  if (deref)
    return through(b, 0, size);
  return descend(cur, 0, size);
}

std::string ExprNamer::location(Value *Ptr, uint64_t size) {
  return loc(Ptr, 0, size).text;
}

unsigned ExprNamer::declLine(Value *Ptr) {
  const Value *Base = getUnderlyingObject(Ptr);
  if (!isa<AllocaInst>(Base))
    return 0;
  auto it = Vars.find(Base);
  return it != Vars.end() && it->second ? it->second->getLine() : 0;
}

std::string ExprNamer::boundName(Instruction *I) {
  Named n = var(I);
  if (!n.text.empty())
    return n.text;
  for (User *U : I->users())
    if (auto *SI = dyn_cast<StoreInst>(U))
      if (SI->getValueOperand() == I) {
        Value *P = SI->getPointerOperand()->stripPointerCasts();
        if (isa<AllocaInst>(P) || isa<GlobalVariable>(P))
          return var(P).text;
      }
  return "";
}

} // namespace racelens
