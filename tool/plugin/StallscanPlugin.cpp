//===--- StallscanPlugin.cpp - stallscan inside an ordinary compile -------===//
//
// A Clang plugin that runs on the finished AST just before code generation
// and only reads it, so the compile's output is unchanged: it extracts the
// TU's facts, links them with an index when one is given, runs the checks
// and reports their findings as compiler warnings. It can also write the
// TU's summary during the build (summary-out=), or into the object file
// itself (embed: a non-alloc `.stallscan` section, SummaryFrame.h, which
// travels with the object through distcc, icecream, ccache and sccache),
// for `stallscan link` to report on the whole program without parsing
// anything again.
//
//   clang++ -fplugin=stallscan-plugin.so [-fplugin-arg-stallscan-<arg>]...
//   clang++ -Xclang -load -Xclang stallscan-plugin.so
//           -Xclang -add-plugin -Xclang stallscan [-Xclang -plugin-arg-...]
//
// Arguments: checks=<globs>, config=<file>, embed[=true|false],
// index=<file>, prefix-map=<old>=<new>, summary-out=<file or dir/>,
// werror=<globs>.
//
// Custom diagnostic IDs are outside Clang's warning groups, so -w, -Werror,
// -Werror=<id>, -Wno-error=<id> and -Wno-<id> are applied here, from the
// compile's own diagnostic options, in command-line order.
//
//===----------------------------------------------------------------------===//
#include "driver/Config.h"
#include "driver/SummaryFiles.h"
#include "driver/SummaryFrame.h"
#include "driver/TUFrontEnd.h"
#include "extract/Extractor.h"
#include "report/Suppressions.h"
#include "rules/Finding.h"
#include "summary/Summary.h"
#include "summary/Paths.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclGroup.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <map>
#include <set>

using namespace clang;

namespace stallscan {
namespace {

constexpr const char *PluginName = "stallscan";

struct PluginOptions {
  std::vector<std::string> CheckGlobs;
  std::vector<std::string> ErrorGlobs;
  std::string ConfigFile, IndexFile, SummaryOut;
  /// ignore-werror=true: the compile's -Werror (and -Wno-error) leave our
  /// findings warnings, so a -Werror build can carry the plugin without
  /// naming our checks to Clang (which warns on unknown -W names, an error
  /// under -Werror itself).
  bool IgnoreWerror = false;
  /// embed: the summary goes into the object file, section `.stallscan`.
  bool Embed = false;
  /// prefix-map=<old>=<new>: paths under <old> ('.': the compile's working
  /// folder) are written under <new> in the summary (summary-out=, embed).
  std::vector<std::pair<std::string, std::string>> PrefixMaps;
};

/// How each enabled check's findings are reported.
enum class Level { Off, Warning, Error };

void reportError(CompilerInstance &CI, const std::string &Msg) {
  DiagnosticsEngine &D = CI.getDiagnostics();
  D.Report(D.getCustomDiagID(DiagnosticsEngine::Error, "stallscan: %0")) << Msg;
}

bool anyGlob(const std::vector<std::string> &Globs, const std::string &Id) {
  return std::any_of(Globs.begin(), Globs.end(),
                     [&](const std::string &G) { return globMatch(G, Id); });
}

/// The level of every check: the enabled set (config, then checks=), config
/// severities and werror=, then the compile's -W flags in order, then -w.
std::map<std::string, Level> checkLevels(const CompilerInstance &CI,
                                         const PluginOptions &Opts,
                                         const Config *Conf) {
  std::vector<std::string> Globs;
  if (Conf)
    Globs = Conf->Checks;
  Globs.insert(Globs.end(), Opts.CheckGlobs.begin(), Opts.CheckGlobs.end());
  std::vector<std::string> Enabled = selectChecks(Globs); // may throw
  std::map<std::string, bool> On, AsError, NoError;
  for (const CheckInfo &C : allChecks()) {
    On[C.Id] = std::find(Enabled.begin(), Enabled.end(), C.Id) != Enabled.end();
    bool ConfError = Conf && Conf->Severities.count(C.Id) &&
                     Conf->Severities.at(C.Id) == "error";
    AsError[C.Id] = ConfError || anyGlob(Opts.ErrorGlobs, C.Id);
  }
  bool AllErrors = false;
  // "-Wno-stallscan-x" is "no-stallscan-x" here; "stallscan" names them all.
  auto Named = [](llvm::StringRef Flag) {
    std::vector<std::string> Ids;
    for (const CheckInfo &C : allChecks())
      if (Flag == PluginName || Flag == C.Id)
        Ids.push_back(C.Id);
    return Ids;
  };
  for (llvm::StringRef W : CI.getDiagnosticOpts().Warnings) {
    if (W == "error") {
      AllErrors = !Opts.IgnoreWerror;
    } else if (W == "no-error") {
      AllErrors = false;
    } else if (W.consume_front("no-error=")) {
      for (auto &Id : Named(W))
        NoError[Id] = true, AsError[Id] = false;
    } else if (W.consume_front("error=")) {
      for (auto &Id : Named(W))
        On[Id] = true, AsError[Id] = true, NoError[Id] = false;
    } else if (W.consume_front("no-")) {
      for (auto &Id : Named(W))
        On[Id] = false;
    } else {
      for (auto &Id : Named(W))
        On[Id] = true;
    }
  }
  // -w silences every diagnostic that is not an error by default, upgraded
  // ones included, as Clang does for its own warnings.
  bool IgnoreWarnings = CI.getDiagnosticOpts().IgnoreWarnings;
  std::map<std::string, Level> Levels;
  for (const CheckInfo &C : allChecks()) {
    Level L = Level::Off;
    if (On[C.Id] && !IgnoreWarnings) {
      bool Error = AsError[C.Id] || (AllErrors && !NoError[C.Id]);
      L = Error ? Level::Error : Level::Warning;
    }
    Levels[C.Id] = L;
  }
  return Levels;
}

/// summary-out=<dir>/ (or an existing folder): one file per TU inside it,
/// named after the source and the object it compiles to.
std::string summaryPath(CompilerInstance &CI, const std::string &Out,
                        const std::string &MainFile) {
  bool Dir =
      llvm::StringRef(Out).ends_with("/") || llvm::sys::fs::is_directory(Out);
  if (!Dir)
    return Out;
  llvm::sys::fs::create_directories(Out);
  std::string Key = MainFile + '\0' + CI.getFrontendOpts().OutputFile;
  llvm::SmallString<256> P(Out);
  llvm::sys::path::append(
      P,
      llvm::sys::path::filename(MainFile) + "." +
          llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(Key)), true, 16) +
          ".stallscan.json");
  return std::string(P);
}

/// The compile's working folder (-working-directory, else the process's).
std::string workingFolder(const SourceManager &SM) {
  llvm::SmallString<256> P(absolutePath(SM, "."));
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return llvm::StringRef(P).rtrim('/').str();
}

/// Hands CodeGen a file-scope asm statement that puts \p S's framed record
/// in a `.stallscan` section of its own: not allocated (no byte of it is
/// loaded at run time), added after every other top-level declaration, so
/// the code and data sections come out as without it.
void embedSummary(CompilerInstance &CI, ASTContext &Ctx, const TUSummary &S) {
  const llvm::Triple &T = Ctx.getTargetInfo().getTriple();
  if (!T.isOSBinFormatELF()) {
    reportError(CI, "embed writes an ELF section; the target '" + T.str() +
                        "' has another object format (use summary-out=)");
    return;
  }
  std::string Asm =
      summarySectionAsm(encodeSummaryRecord(S), T.isARM() || T.isThumb());
  QualType Ty = Ctx.getConstantArrayType(
      Ctx.CharTy, llvm::APInt(32, Asm.size() + 1), nullptr,
      ArraySizeModifier::Normal, 0);
  auto *Str = StringLiteral::Create(Ctx, Asm, StringLiteralKind::Ordinary,
                                    false, Ty, SourceLocation());
  auto *D = FileScopeAsmDecl::Create(Ctx, Ctx.getTranslationUnitDecl(), Str,
                                     SourceLocation(), SourceLocation());
  // The compile's own consumer (CodeGen, when there is one) runs after
  // ours: given the declaration now, it emits it as module-level asm.
  CI.getASTConsumer().HandleTopLevelDecl(DeclGroupRef(D));
}

class StallscanConsumer : public ASTConsumer {
public:
  StallscanConsumer(CompilerInstance &CI, PluginOptions Opts)
      : CI(CI), Opts(std::move(Opts)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    if (Diags.hasFatalErrorOccurred())
      return;
    SourceManager &SM = Ctx.getSourceManager();
    FrontEndSetup Setup;
    std::map<std::string, Level> Levels;
    try {
      Setup = loadFrontEndSetup(SM, Opts.IndexFile, Opts.ConfigFile);
      Levels = checkLevels(CI, Opts, Setup.Conf.get());
    } catch (const ConfigError &E) {
      reportError(CI, E.what());
      return;
    }
    // An index read only when its stored results cannot serve this TU
    // (findingsInTU) can turn out unusable then: said once, before any
    // finding.
    bool IndexErrorSaid = false;
    auto SayIndexError = [&] {
      if (IndexErrorSaid || Setup.IndexError.empty() ||
          CI.getDiagnosticOpts().IgnoreWarnings)
        return;
      IndexErrorSaid = true;
      Diags.Report(Diags.getCustomDiagID(
          DiagnosticsEngine::Warning,
          "stallscan: %0; this file is checked on its own"))
          << Setup.IndexError;
    };
    SayIndexError();

    TUSummary S;
    extractFacts(Ctx, *Setup.Cat, S);
    if (Diags.hasErrorOccurred())
      S.Errors.push_back("the compiler reported errors in this file");
    S.normalise();
    // A build system's compiler probes (CMake's compiler id and ABI checks,
    // try_compile) are no part of the program: no summary for `link`.
    bool Probe = isBuildSystemProbe(S.MainFile, CI.getFrontendOpts().OutputFile);
    if ((Opts.Embed || !Opts.SummaryOut.empty()) && !Probe) {
      try {
        TUSummary Written = S;
        for (const auto &[From, To] : Opts.PrefixMaps)
          Written = remapSummaryPaths(
              Written, From == "." ? workingFolder(SM) : From, To);
        if (Opts.Embed && !Diags.hasErrorOccurred())
          embedSummary(CI, Ctx, Written);
        if (!Opts.SummaryOut.empty())
          writeSummaryFile(summaryPath(CI, absolutePath(SM, Opts.SummaryOut),
                                       Written.MainFile),
                           Written);
      } catch (const ConfigError &E) {
        reportError(CI, E.what());
      }
    }

    std::vector<std::string> Enabled;
    for (const auto &[Id, L] : Levels)
      if (L != Level::Off)
        Enabled.push_back(Id);
    if (Enabled.empty())
      return;
    std::vector<Finding> Findings = findingsInTU(S, SM, Setup, Enabled, {});
    SayIndexError();
    applyInlineSuppressions(Findings);

    unsigned WarnId =
        Diags.getCustomDiagID(DiagnosticsEngine::Warning, "%0 [%1]");
    unsigned ErrorId =
        Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0 [%1]");
    unsigned NoteId = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
    for (const Finding &F : Findings) {
      if (F.Suppressed)
        continue;
      SourceLocation At = toSourceLocation(SM, F.Where, false);
      if (At.isInvalid() || SM.isInSystemHeader(At))
        continue;
      Diags.Report(At, Levels[F.Check] == Level::Error ? ErrorId : WarnId)
          << F.Message << F.Check;
      for (const Note &N : F.Trace)
        if (SourceLocation NL = toSourceLocation(SM, N.Where, true);
            NL.isValid())
          Diags.Report(NL, NoteId) << N.Message;
    }
  }

private:
  CompilerInstance &CI;
  PluginOptions Opts;
};

class StallscanAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<StallscanConsumer>(CI, Opts);
  }

  bool ParseArgs(const CompilerInstance &CCI,
                 const std::vector<std::string> &Args) override {
    auto &CI = const_cast<CompilerInstance &>(CCI);
    for (const std::string &A : Args) {
      auto [Key, Value] = llvm::StringRef(A).split('=');
      if (Key == "checks") {
        auto G = splitGlobs(Value.str());
        Opts.CheckGlobs.insert(Opts.CheckGlobs.end(), G.begin(), G.end());
      } else if (Key == "werror") {
        auto G = splitGlobs(Value.str());
        Opts.ErrorGlobs.insert(Opts.ErrorGlobs.end(), G.begin(), G.end());
      } else if (Key == "config") {
        Opts.ConfigFile = Value.str();
      } else if (Key == "index") {
        Opts.IndexFile = Value.str();
      } else if (Key == "summary-out") {
        Opts.SummaryOut = Value.str();
      } else if (Key == "embed") {
        // -fplugin-arg-stallscan-embed, or embed=true|false.
        if (!llvm::StringRef(A).contains('=')) {
          Opts.Embed = true;
          continue;
        }
        if (Value != "true" && Value != "false") {
          reportError(CI, "plugin argument '" + A + "' takes true or false");
          return false;
        }
        Opts.Embed = Value == "true";
      } else if (Key == "prefix-map") {
        auto [From, To] = Value.split('=');
        if (From.empty() || To.empty() || !llvm::sys::path::is_absolute(To) ||
            (From != "." && !llvm::sys::path::is_absolute(From))) {
          reportError(CI, "plugin argument '" + A +
                              "' takes <old>=<new>, absolute folders (<old> "
                              "may be '.', the compile's working folder)");
          return false;
        }
        Opts.PrefixMaps.emplace_back(
            llvm::StringRef(From).rtrim('/').str(),
            llvm::StringRef(To).rtrim('/').str());
      } else if (Key == "ignore-werror") {
        if (Value != "true" && Value != "false") {
          reportError(CI, "plugin argument '" + A +
                              "' takes true or false");
          return false;
        }
        Opts.IgnoreWerror = Value == "true";
      } else {
        reportError(CI, "unknown plugin argument '" + A +
                            "' (expected checks=, config=, embed, "
                            "ignore-werror=, index=, prefix-map=, "
                            "summary-out= or werror=)");
        return false;
      }
      if (Value.empty() || !llvm::StringRef(A).contains('=')) {
        reportError(CI, "plugin argument '" + A + "' needs a value");
        return false;
      }
    }
    return true;
  }

  // Before the main action: the AST is complete and CodeGen has not yet
  // finished the module, so embed can still add its section; the checks
  // only read the AST, so the object file is unchanged otherwise
  // (test/plugin/output-unchanged.test). Clang also need not keep the AST
  // through the backend for a plugin that would run after it.
  // -fplugin= and -add-plugin both run it.
  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  PluginOptions Opts;
};

} // namespace
} // namespace stallscan

static clang::FrontendPluginRegistry::Add<stallscan::StallscanAction>
    X(stallscan::PluginName, "stallscan: blocking calls on event loops and "
                             "lock-serialised hot paths");
