// plugin/site_table.cpp -- emitting rl_site_t / rl_global_t / rl_module_t.
//
// The LLVM struct types built here must have exactly the layout of the C
// structs in rt/abi.h; the static_asserts pin the offsets this file assumes
// and finish() checks the LLVM layout against them on the target.
#include "site_table.h"
#include "source_path.h"

#include "compat.h"
#include "decl_locations.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include "abi.h"

#include <cstddef>

using namespace llvm;

namespace racelens {

static_assert(sizeof(void *) == 8, "racelens supports LP64 targets only");
static_assert(
    offsetof(rl_site_t, id) == 0 && offsetof(rl_site_t, kind) == 4 &&
        offsetof(rl_site_t, size) == 6 && offsetof(rl_site_t, order) == 7 &&
        offsetof(rl_site_t, line) == 8 && offsetof(rl_site_t, col) == 12 &&
        offsetof(rl_site_t, decl_line) == 16 &&
        offsetof(rl_site_t, reserved) == 20 &&
        offsetof(rl_site_t, file) == 24 && offsetof(rl_site_t, func) == 32 &&
        offsetof(rl_site_t, expr) == 40 && offsetof(rl_site_t, callee) == 48 &&
        offsetof(rl_site_t, target) == 56 && sizeof(rl_site_t) == 64,
    "rl_site_t layout changed: update SiteTable");
static_assert(offsetof(rl_global_t, addr) == 0 &&
                  offsetof(rl_global_t, size) == 8 &&
                  offsetof(rl_global_t, name) == 16 &&
                  offsetof(rl_global_t, file) == 24 &&
                  offsetof(rl_global_t, line) == 32 &&
                  offsetof(rl_global_t, flags) == 36 &&
                  sizeof(rl_global_t) == 40,
              "rl_global_t layout changed: update SiteTable");
static_assert(offsetof(rl_module_t, abi_version) == 0 &&
                  offsetof(rl_module_t, llvm_major) == 4 &&
                  offsetof(rl_module_t, sites) == 8 &&
                  offsetof(rl_module_t, nsites) == 16 &&
                  offsetof(rl_module_t, nglobals) == 20 &&
                  offsetof(rl_module_t, globals) == 24 &&
                  offsetof(rl_module_t, source) == 32 &&
                  sizeof(rl_module_t) == 40,
              "rl_module_t layout changed: update SiteTable");

// Checks that the target lays the struct out as the C compiler does.
static void checkLayout(const DataLayout &DL, StructType *T, size_t size,
                        std::initializer_list<size_t> offsets) {
  const StructLayout *SL = DL.getStructLayout(T);
  unsigned i = 0;
  bool ok = SL->getSizeInBytes() == size;
  for (size_t off : offsets)
    ok = ok && SL->getElementOffset(i++) == off;
  if (!ok)
    report_fatal_error("racelens: site table layout does not match rt/abi.h "
                       "on this target");
}

SiteTable::SiteTable(Module &Mod) : M(Mod) {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  SiteTy = StructType::create(
      C,
      {Type::getInt32Ty(C), Type::getInt16Ty(C), Type::getInt8Ty(C),
       Type::getInt8Ty(C), Type::getInt32Ty(C), Type::getInt32Ty(C),
       Type::getInt32Ty(C), Type::getInt32Ty(C), P, P, P, P, P},
      "racelens.site");
  checkLayout(M.getDataLayout(), SiteTy, sizeof(rl_site_t),
              {0, 4, 6, 7, 8, 12, 16, 20, 24, 32, 40, 48, 56});
  Pending = new GlobalVariable(M, ArrayType::get(SiteTy, 0), false,
                               GlobalValue::InternalLinkage, nullptr,
                               "racelens.sites.pending");
  // The program's own globals, before the plugin adds any of its own.
  for (GlobalVariable &GV : M.globals())
    ProgramGlobals.push_back(&GV);
}

Constant *SiteTable::str(const std::string &s) {
  if (s.empty())
    return ConstantPointerNull::get(bytePtrTy(M.getContext()));
  Constant *&slot = Strings[s];
  if (!slot) {
    LLVMContext &C = M.getContext();
    Constant *data = ConstantDataArray::getString(C, s, true);
    auto *GV =
        new GlobalVariable(M, data->getType(), true,
                           GlobalValue::PrivateLinkage, data, "racelens.str");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    slot = ConstantExpr::getPointerCast(GV, bytePtrTy(C));
  }
  return slot;
}

// &Arr[i], Arr an array global of type ArrTy.
static Constant *element(Type *ArrTy, GlobalVariable *Arr, uint64_t i) {
  Type *I64 = Type::getInt64Ty(Arr->getContext());
  Constant *idx[] = {ConstantInt::get(I64, 0), ConstantInt::get(I64, i)};
  return ConstantExpr::getGetElementPtr(ArrTy, Arr, idx);
}

Constant *SiteTable::add(const SiteInfo &S, unsigned *index, bool fresh) {
  LLVMContext &C = M.getContext();
  std::string key;
  for (unsigned v : {S.kind, S.size, S.order, S.line, S.col, S.decl_line})
    key += std::to_string(v) + ',';
  for (const std::string *t : {&S.file, &S.func, &S.expr, &S.callee, &S.target})
    key += std::to_string(t->size()) + ':' + *t;
  auto slot = Index.emplace(key, (unsigned)Entries.size());
  unsigned at = fresh ? (unsigned)Entries.size() : slot.first->second;
  if (at == Entries.size()) {
    auto i32 = [&](unsigned v) {
      return ConstantInt::get(Type::getInt32Ty(C), v);
    };
    Entries.push_back(ConstantStruct::get(
        SiteTy, {i32(0), ConstantInt::get(Type::getInt16Ty(C), S.kind),
                 ConstantInt::get(Type::getInt8Ty(C), S.size),
                 ConstantInt::get(Type::getInt8Ty(C), S.order), i32(S.line),
                 i32(S.col), i32(S.decl_line), i32(0), str(S.file), str(S.func),
                 str(S.expr), str(S.callee), str(S.target)}));
  }
  if (index)
    *index = at;
  return ConstantExpr::getPointerCast(
      element(Pending->getValueType(), Pending, at), bytePtrTy(C));
}

// Name and definition site of a global: from its DIGlobalVariable when
// compiled with -g (so a function-static `counter` is not "main.counter"),
// else from the symbol and what the frontend saw (decl_locations.h).
static void describeGlobal(GlobalVariable &GV, std::string &name,
                           std::string &file, unsigned &line) {
  name = GV.getName().str();
  SmallVector<DIGlobalVariableExpression *, 1> DIs;
  GV.getDebugInfo(DIs);
  for (DIGlobalVariableExpression *E : DIs) {
    DIGlobalVariable *V = E->getVariable();
    if (!V)
      continue;
    name = V->getName().str();
    file = sourcePath(V);
    line = V->getLine();
    return;
  }
  DeclLocation loc;
  if (findGlobalDecl(name, loc)) {
    file = loc.file;
    line = loc.line;
  }
}

Constant *SiteTable::globalsTable(unsigned &count) {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  StructType *GTy = StructType::create(
      C,
      {P, Type::getInt64Ty(C), P, P, Type::getInt32Ty(C), Type::getInt32Ty(C)},
      "racelens.global");
  checkLayout(M.getDataLayout(), GTy, sizeof(rl_global_t),
              {0, 8, 16, 24, 32, 36});
  std::vector<Constant *> rows;
  for (GlobalVariable *GV : ProgramGlobals) {
    if (GV->isDeclaration() || GV->isConstant() || GV->isThreadLocal() ||
        startsWith(GV->getName(), "llvm.") || GV == Pending ||
        !GV->getValueType()->isSized())
      continue;
    std::string name, file;
    unsigned line = 0;
    describeGlobal(*GV, name, file, line);
    uint64_t size = M.getDataLayout().getTypeAllocSize(GV->getValueType());
    rows.push_back(ConstantStruct::get(
        GTy, {ConstantExpr::getPointerCast(GV, P),
              ConstantInt::get(Type::getInt64Ty(C), size), str(name), str(file),
              ConstantInt::get(Type::getInt32Ty(C), line),
              ConstantInt::get(Type::getInt32Ty(C), 0)}));
  }
  count = rows.size();
  ArrayType *AT = ArrayType::get(GTy, rows.size());
  auto *GV =
      new GlobalVariable(M, AT, true, GlobalValue::InternalLinkage,
                         ConstantArray::get(AT, rows), "racelens.globals");
  return ConstantExpr::getPointerCast(GV, P);
}

Constant *SiteTable::first() {
  return ConstantExpr::getPointerCast(
      element(Pending->getValueType(), Pending, 0), bytePtrTy(M.getContext()));
}

Constant *SiteTable::last() {
  if (!LastPending)
    LastPending =
        new GlobalVariable(M, SiteTy, false, GlobalValue::InternalLinkage,
                           nullptr, "racelens.sites.last");
  return ConstantExpr::getPointerCast(LastPending, bytePtrTy(M.getContext()));
}

void SiteTable::finish() {
  LLVMContext &C = M.getContext();
  Type *P = bytePtrTy(C);
  Type *I32 = Type::getInt32Ty(C);

  ArrayType *AT = ArrayType::get(SiteTy, Entries.size());
  auto *Sites =
      new GlobalVariable(M, AT, false, GlobalValue::InternalLinkage,
                         ConstantArray::get(AT, Entries), "racelens.sites");
  Sites->setAlignment(Align(8));
  Pending->replaceAllUsesWith(
      ConstantExpr::getPointerCast(Sites, Pending->getType()));
  Pending->eraseFromParent();
  if (LastPending) { // asked for by a check, so the table is not empty
    LastPending->replaceAllUsesWith(ConstantExpr::getPointerCast(
        element(AT, Sites, Entries.size() - 1), LastPending->getType()));
    LastPending->eraseFromParent();
  }

  unsigned nglobals = 0;
  Constant *globals = globalsTable(nglobals);

  StructType *ModTy =
      StructType::create(C, {I32, I32, P, I32, I32, P, P}, "racelens.module");
  checkLayout(M.getDataLayout(), ModTy, sizeof(rl_module_t),
              {0, 4, 8, 16, 20, 24, 32});
  Constant *mod =
      ConstantStruct::get(ModTy, {ConstantInt::get(I32, RL_ABI_VERSION),
                                  ConstantInt::get(I32, LLVM_VERSION_MAJOR),
                                  ConstantExpr::getPointerCast(Sites, P),
                                  ConstantInt::get(I32, Entries.size()),
                                  ConstantInt::get(I32, nglobals), globals,
                                  str(M.getSourceFileName())});
  auto *ModGV = new GlobalVariable(
      M, ModTy, false, GlobalValue::InternalLinkage, mod, "racelens.module");

  // A constructor at the highest priority, so the runtime knows the sites
  // before any other constructor of the program can run instrumented code.
  FunctionCallee reg =
      M.getOrInsertFunction("__rl_register_module",
                            FunctionType::get(Type::getVoidTy(C), {P}, false));
  Function *Ctor =
      Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                       GlobalValue::InternalLinkage, "racelens.module_ctor", M);
  IRBuilder<> B(BasicBlock::Create(C, "", Ctor));
  B.CreateCall(reg, {ConstantExpr::getPointerCast(ModGV, P)});
  B.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, 0);
}

} // namespace racelens
