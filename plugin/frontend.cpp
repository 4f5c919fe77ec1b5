// plugin/frontend.cpp -- what makes a bare `clang -fplugin=racelens.so`
// instrument.
//
// -fplugin only loads AST plugins, which cannot change the optimisation
// pipeline.  This action runs before the main action, on every compile, and
// uses that moment to configure the code generator: it adds this very
// library to CodeGenOpts.PassPlugins (so the backend loads it again as a
// pass plugin -- dlopen returns the same handle -- and calls
// llvmGetPassPluginInfo), turns on line tables when there is no -g (clang
// 15+ copies the options late enough for that to work; clang 14 copied them
// already, so there we only say how to get line numbers), and reads the
// -fplugin-arg-racelens-<opt> options.
#include "decl_locations.h"
#include "options.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>

#include <algorithm>

using namespace clang;

namespace {

std::string selfPath() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&selfPath), &info) && info.dli_fname)
    return info.dli_fname;
  return "";
}

// Records where each file-scope variable is defined (decl_locations.h).
class GlobalDeclRecorder : public ASTConsumer {
public:
  explicit GlobalDeclRecorder(SourceManager &SM) : SM(SM) {}
  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    for (Decl *D : DG) {
      auto *VD = dyn_cast<VarDecl>(D);
      if (!VD || !VD->isFileVarDecl() || !VD->getIdentifier())
        continue;
      PresumedLoc PL = SM.getPresumedLoc(VD->getLocation());
      if (PL.isValid())
        racelens::recordGlobalDecl(VD->getName().str(),
                                   {PL.getFilename(), PL.getLine()});
    }
    return true;
  }

private:
  SourceManager &SM;
};

class RacelensAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    CodeGenOptions &CG = CI.getCodeGenOpts();
    std::string self = selfPath();
    if (!self.empty() && std::find(CG.PassPlugins.begin(), CG.PassPlugins.end(),
                                   self) == CG.PassPlugins.end())
      CG.PassPlugins.push_back(self);
#if LLVM_VERSION_MAJOR >= 17
    if (CG.getDebugInfo() == llvm::codegenoptions::NoDebugInfo) {
      CG.setDebugInfo(llvm::codegenoptions::DebugLineTablesOnly);
      racelens::options().dropLineTables = true;
    }
#else
    static bool told;
    if (CG.getDebugInfo() == codegenoptions::NoDebugInfo && !told) {
      told = true;
      llvm::errs() << "racelens: note: clang " << LLVM_VERSION_MAJOR
                   << " cannot turn on line tables from a plugin; reports "
                      "name functions only: add -gline-tables-only (or use "
                      "racelens-cc) for line numbers\n";
    }
#endif
    return std::make_unique<GlobalDeclRecorder>(CI.getSourceManager());
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &args) override {
    for (const std::string &arg : args) {
      std::string err;
      if (!racelens::parseOption(arg, err)) {
        DiagnosticsEngine &D = CI.getDiagnostics();
        D.Report(D.getCustomDiagID(DiagnosticsEngine::Error, "racelens: %0"))
            << err;
        return false;
      }
    }
    return true;
  }

  ActionType getActionType() override {
    return AddBeforeMainAction;
  }
};

} // namespace

static FrontendPluginRegistry::Add<RacelensAction>
    X("racelens", "instrument for the racelens data-race detector");
