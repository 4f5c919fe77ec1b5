// plugin/pass.cpp -- the module pass and its registration with the new pass
// manager (llvmGetPassPluginInfo, for -fpass-plugin and for the path the
// frontend action adds to CodeGenOpts.PassPlugins).
//
// The pass runs at the optimizer-last extension point, which every pipeline
// has (-O0 included): instrumenting after optimisation means we only see the
// loads and stores that survive it, as ThreadSanitizer does.  A module is
// instrumented once: -fplugin and -fpass-plugin together register the pass
// twice, and the named metadata "racelens.instrumented" makes the second run
// a no-op.
#include "instrument_function.h"
#include "intercepts.h"
#include "options.h"
#include "runtime_api.h"
#include "site_table.h"
#include "stats.h"

#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace racelens {
namespace {

struct RacelensPass : PassInfoMixin<RacelensPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &);
  static bool isRequired() {
    return true;
  } // also under optnone (-O0)
};

// The source file a function was written in, for `src:` ignore entries.
std::string sourceOf(Function &F) {
  if (DISubprogram *SP = F.getSubprogram())
    return SP->getFilename().str();
  return F.getParent()->getSourceFileName();
}

PreservedAnalyses RacelensPass::run(Module &M, ModuleAnalysisManager &) {
  if (M.getNamedMetadata("racelens.instrumented"))
    return PreservedAnalyses::all();
  M.getOrInsertNamedMetadata("racelens.instrumented");

  SiteTable Sites(M);
  RuntimeAPI RT(M);
  FuncStats total;
  total.name = "total (" + M.getSourceFileName() + ")";
  std::vector<Function *> work;
  for (Function &F : M)
    if (!F.isDeclaration() && !isRuntimeFunction(F.getName()) &&
        !F.hasFnAttribute(Attribute::Naked) &&
        !F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation))
      work.push_back(&F);
  for (Function *F : work) {
    FuncStats st;
    st.name = F->getName().str();
    if (ignoredFunction(st.name) || ignoredSource(sourceOf(*F))) {
      st.ignored = true;
    } else {
      instrumentFunction(*F, Sites, RT, st);
      total.add(st);
    }
    if (options().stats)
      st.print(errs());
  }
  replaceAddressTaken(M);
  Sites.finish();
  // The sites hold every line the runtime reports (stacks are site ids,
  // not return addresses), so line tables only we asked for go now.
  if (options().dropLineTables)
    StripDebugInfo(M);
  if (options().stats)
    total.print(errs());
  return PreservedAnalyses::none();
}

} // namespace
} // namespace racelens

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "racelens", "0.1", [](PassBuilder &PB) {
            PB.registerOptimizerLastEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) {
                  MPM.addPass(racelens::RacelensPass());
                });
          }};
}
