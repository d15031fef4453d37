//===--- StallscanTidyModule.cpp - stallscan as clang-tidy checks ---------===//
//
// A thin front end: each clang-tidy check runs the shared pipeline (extract
// -> link -> analyse -> rules) on the translation unit clang-tidy parsed, and
// reports its own findings through diag(), so clang-tidy's NOLINT handling,
// CheckOptions and output formats apply. The four checks of one TU share one
// analysis. Built as a MODULE that links no Clang library: clang-tidy-19
// provides those symbols when it loads the module with --load.
//
// Only what the TU itself shows is known here; the whole-program CLI sees
// helpers defined in other files.
//
//===----------------------------------------------------------------------===//
#include "analysis/Program.h"
#include "catalog/Catalog.h"
#include "extract/Extractor.h"
#include "rules/Finding.h"
#include "summary/Summary.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace stallscan {
namespace {

/// The findings of every check for one TU, computed once.
struct TUAnalysis {
  const ASTContext *Ctx = nullptr;
  std::vector<Finding> Findings;
};

TUAnalysis &analyse(ASTContext &Ctx,
                    const std::map<std::string, std::string> &Options) {
  static TUAnalysis Cache;
  if (Cache.Ctx == &Ctx)
    return Cache;
  Cache = TUAnalysis();
  Cache.Ctx = &Ctx;
  TUSummary S;
  extractFacts(Ctx, Catalog::builtin(), S);
  Program P = link({S});
  LoopReachability Loop = computeLoopReachability(P, {});
  LockReachability Locks = computeLockReachability(P);
  EntryPoints Entries = computeEntryPoints(P, Loop);
  AnalysisInput In{P, Loop, Locks, Entries, Options};
  std::vector<std::string> All;
  for (const CheckInfo &C : allChecks())
    All.push_back(C.Id);
  Cache.Findings = runChecks(In, All, "");
  return Cache;
}

class StallscanCheck : public tidy::ClangTidyCheck {
public:
  StallscanCheck(StringRef Name, tidy::ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Id(Name.str()) {
    // Options of the shared analysis, read once (clang-tidy style).
    for (const char *Opt : {"report-raw-socket-io", "report-unknown-fd-io",
                            "min-statements", "member-locks"})
      if (auto V = Options.get(Opt))
        AnalysisOptions[Id + "." + Opt] = V->str();
  }
  void storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) override {
    for (const auto &[Key, Value] : AnalysisOptions)
      Options.store(Opts, Key.substr(Id.size() + 1), Value);
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    ASTContext &Ctx = *Result.Context;
    const SourceManager &SM = Ctx.getSourceManager();
    auto ToLoc = [&](const Loc &L) -> SourceLocation {
      auto File = SM.getFileManager().getOptionalFileRef(L.File);
      return File ? SM.translateFileLineCol(*File, L.Line, L.Col)
                  : SourceLocation();
    };
    for (const Finding &F : analyse(Ctx, AnalysisOptions).Findings) {
      if (F.Check != Id)
        continue;
      SourceLocation At = ToLoc(F.Where);
      if (At.isInvalid())
        continue;
      diag(At, "%0") << F.Message;
      for (const Note &N : F.Trace)
        if (SourceLocation NL = ToLoc(N.Where); NL.isValid())
          diag(NL, "%0", DiagnosticIDs::Note) << N.Message;
    }
  }

private:
  std::string Id;
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
