//===--- StallscanTidyModule.cpp - stallscan as clang-tidy checks ---------===//
//
// A thin front end: each clang-tidy check runs the shared pipeline (extract
// -> link -> analyse -> rules) on the translation unit clang-tidy parsed, and
// reports its own findings through diag(), so clang-tidy's NOLINT handling,
// CheckOptions and output formats apply. The four checks of one TU share one
// analysis. Built as a MODULE that links no Clang library: clang-tidy-19
// provides those symbols when it loads the module with --load.
//
// Without an index only what the TU itself shows is known; with one
// (IndexFile option, or $STALLSCAN_INDEX), written by `stallscan
// --write-index`, helpers defined in other files are known too.
//
//===----------------------------------------------------------------------===//
#include "driver/TUFrontEnd.h"
#include "extract/Extractor.h"
#include "rules/Finding.h"
#include "summary/Summary.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace stallscan {
namespace {

/// The findings of every check for the TU being checked, computed by the
/// first check that needs them. Per thread: clangd checks several files at
/// once, each on its own thread, and a thread checks one TU at a time.
struct TUAnalysis {
  bool Done = false;
  std::vector<Finding> Findings;
  std::string Error; ///< the index or config could not be loaded
};
thread_local TUAnalysis Current;

class StallscanCheck : public tidy::ClangTidyCheck {
public:
  StallscanCheck(StringRef Name, tidy::ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Id(Name.str()),
        IndexFile(Options.getLocalOrGlobal("IndexFile", "")),
        ConfigFile(Options.getLocalOrGlobal("ConfigFile", "")) {
    // Options of the shared analysis, read once (clang-tidy style): those of
    // every check, since whichever check runs first analyses for all.
    for (const CheckOptionInfo &O : allCheckOptions()) {
      OptionsView Of(O.Check, Context->getOptions().CheckOptions, Context);
      std::string Key = std::string(O.Check) + "." + O.Name;
      std::optional<StringRef> V = Of.get(O.Name);
      if (!V)
        continue;
      // A value of the wrong type is reported as clang-tidy reports its own
      // checks' (the default stays); values are stored as the rules read them.
      bool Bool = StringRef(O.Type) == "bool";
      std::string Value = V->trim().lower();
      if (Bool && (Value == "1" || Value == "0"))
        Value = Value == "1" ? "true" : "false";
      unsigned long long N = 0;
      bool Ok = Bool ? (Value == "true" || Value == "false")
                     : !StringRef(Value).getAsInteger(10, N) && N <= 1000000000;
      if (!Ok) {
        if (Id == O.Check) // once, by the option's own check
          configurationDiag("invalid configuration value '%0' for option "
                          "'%1.%2'; expected %3")
              << *V << O.Check << O.Name
              << (Bool ? "true or false" : "a whole number");
        continue;
      }
      AnalysisOptions[Key] = Bool ? Value : std::to_string(N);
    }
    if (IndexFile.empty())
      if (const char *Env = std::getenv("STALLSCAN_INDEX"))
        IndexFile = Env;
  }
  void storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) override {
    Options.store(Opts, "IndexFile", IndexFile);
    Options.store(Opts, "ConfigFile", ConfigFile);
    // Every option of this check, with its default when not set, so that
    // --dump-config shows what can be set (clang-tidy style).
    for (const CheckOptionInfo &O : allCheckOptions()) {
      if (Id != O.Check)
        continue;
      auto It = AnalysisOptions.find(Id + "." + O.Name);
      Options.store(Opts, O.Name,
                    It != AnalysisOptions.end() ? It->second : O.Default);
    }
  }
  void registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                           Preprocessor *) override {
    this->PP = PP;
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void onStartOfTranslationUnit() override { Current = TUAnalysis(); }
  void check(const MatchFinder::MatchResult &Result) override {
    ASTContext &Ctx = *Result.Context;
    SourceManager &SM = Ctx.getSourceManager();
    if (!Current.Done) {
      analyse(Ctx);
      if (!Current.Error.empty())
        configurationDiag("stallscan: %0") << Current.Error;
    }
    for (const Finding &F : Current.Findings) {
      if (F.Check != Id)
        continue;
      SourceLocation At = toSourceLocation(SM, F.Where, false);
      if (At.isInvalid())
        continue;
      diag(At, "%0") << F.Message;
      for (const Note &N : F.Trace)
        if (SourceLocation NL = toSourceLocation(SM, N.Where, true);
            NL.isValid())
          diag(NL, "%0", DiagnosticIDs::Note) << N.Message;
    }
  }

private:
  void analyse(ASTContext &Ctx) {
    Current.Done = true;
    const SourceManager &SM = Ctx.getSourceManager();
    FrontEndSetup Setup;
    try {
      Setup = loadFrontEndSetup(SM, IndexFile, ConfigFile);
      Current.Error = Setup.IndexError;
    } catch (const ConfigError &E) { // the built-in catalog, no index
      Current.Error = E.what();
      Setup = loadFrontEndSetup("", "", "");
    }
    // clangd analyses a file again on every edit, clang-tidy many files
    // of one index: link the index's other units once.
    Setup.ReuseLink = true;
    TUSummary S;
    extractFacts(Ctx, *Setup.Cat, S);
    std::vector<std::string> All;
    for (const CheckInfo &C : allChecks())
      All.push_back(C.Id);
    Current.Findings = findingsInTU(S, SM, Setup, All, AnalysisOptions, PP);
    if (Current.Error.empty()) // the index read only now, if at all
      Current.Error = Setup.IndexError;
  }

  std::string Id;
  Preprocessor *PP = nullptr; ///< the TU's, asked which files it read
  std::string IndexFile, ConfigFile;
  std::map<std::string, std::string> AnalysisOptions;
};

class StallscanModule : public tidy::ClangTidyModule {
public:
  void addCheckFactories(tidy::ClangTidyCheckFactories &Factories) override {
    for (const CheckInfo &C : allChecks())
      Factories.registerCheckFactory(
          C.Id, [](StringRef Name, tidy::ClangTidyContext *Context) {
            return std::make_unique<StallscanCheck>(Name, Context);
          });
  }
};

} // namespace
} // namespace stallscan

static clang::tidy::ClangTidyModuleRegistry::Add<stallscan::StallscanModule>
    X("stallscan-module", "stallscan: blocking calls on event loops and "
                          "lock-serialised hot paths");
