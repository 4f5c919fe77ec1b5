// plugin/expr_names.cpp -- turning addresses back into source expressions.
#include "expr_names.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"

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
  auto it = Vars.find(V);
  if (it == Vars.end() || (it->second->getArg() != 0 && Var->getArg() == 0))
    Vars[V] = Var;
}

ExprNamer::ExprNamer(Function &F) : DL(F.getParent()->getDataLayout()) {
  for (Instruction &I : instructions(F)) {
    if (auto *DVI = dyn_cast<DbgVariableIntrinsic>(&I)) {
      for (Value *V : DVI->location_ops())
        bind(V, DVI->getVariable());
    }
#if LLVM_VERSION_MAJOR >= 19
    for (DbgVariableRecord &R : filterDbgVars(I.getDbgRecordRange()))
      for (Value *V : R.location_ops())
        bind(V, R.getVariable());
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

std::string ExprNamer::indexName(Value *Idx, int depth) {
  while (auto *C = dyn_cast<CastInst>(Idx))
    Idx = C->getOperand(0);
  if (auto *CI = dyn_cast<ConstantInt>(Idx))
    return std::to_string(CI->getSExtValue());
  return val(Idx, depth + 1).text;
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

ExprNamer::Named ExprNamer::loc(Value *Ptr, int depth) {
  if (depth > 6)
    return {};
  Ptr = Ptr->stripPointerCasts();
  if (isa<GlobalVariable>(Ptr) || isa<AllocaInst>(Ptr))
    return var(Ptr);
  if (auto *GEP = dyn_cast<GEPOperator>(Ptr)) {
    Value *Base = GEP->getPointerOperand()->stripPointerCasts();
    // Base names an object (a variable or a part of one): s.f, a[i];
    // otherwise it is a pointer value: p->f, p[i].
    bool object = isa<GlobalVariable>(Base) || isa<AllocaInst>(Base) ||
                  isa<GEPOperator>(Base);
    Named b = object ? loc(Base, depth + 1) : val(Base, depth + 1);
    if (b.text.empty())
      return {};
    DIType *objTy = object ? b.type : pointee(b.type);
    APInt off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
    if (GEP->accumulateConstantOffset(DL, off)) {
      uint64_t o = off.getZExtValue();
      if (DIDerivedType *Mem = memberAt(objTy, o))
        return {b.text + (object ? "." : "->") + Mem->getName().str(),
                Mem->getBaseType()};
      if (isArray(objTy) || !object) {
        DIType *el = elementOf(object ? objTy : b.type);
        uint64_t elsize = el ? strip(el)->getSizeInBits() / 8 : 0;
        if (o == 0 && !object)
          return {"*" + b.text, objTy};
        if (elsize)
          return {b.text + "[" + std::to_string(o / elsize) + "]", el};
      }
      return {b.text, objTy};
    }
    // A variable index: the last non-constant index names the element.
    Value *idx = nullptr;
    for (auto I = GEP->idx_begin(), E = GEP->idx_end(); I != E; ++I)
      if (!isa<Constant>(*I))
        idx = *I;
    std::string i = idx ? indexName(idx, depth) : "";
    return {b.text + "[" + i + "]", elementOf(object ? objTy : b.type)};
  }
  Named p = val(Ptr, depth + 1);
  if (p.text.empty())
    return {};
  return {"*" + p.text, pointee(p.type)};
}

std::string ExprNamer::location(Value *Ptr) {
  return loc(Ptr, 0).text;
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
