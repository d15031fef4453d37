//===--- main.cpp - The stallscan command line ----------------------------===//
//
// Thin front end: options, compile database, config; then the shared
// pipeline (extract -> link -> analyse -> report) from the checks library.
//
// Exit codes: 0 no findings, 1 findings, 2 usage or input error,
// 3 analysis incomplete (some TUs failed; the others are still reported).
//
//===----------------------------------------------------------------------===//
#include "CliConfig.h"
#include "ColorOutput.h"
#include "analysis/LinkOwned.h"
#include "analysis/Program.h"
#include "catalog/Catalog.h"
#include "driver/CompileDb.h"
#include "driver/Config.h"
#include "driver/DiffFilter.h"
#include "driver/LinkInputs.h"
#include "driver/Driver.h"
#include "driver/OutputFile.h"
#include "driver/StoredResults.h"
#include "driver/TUFrontEnd.h"
#include "driver/SummaryFiles.h"
#include "report/Report.h"
#include "report/Suppressions.h"
#include "rules/Architecture.h"
#include "rules/Finding.h"
#include "summary/Paths.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <sys/resource.h>
#include <set>

using namespace llvm;
using namespace stallscan;
namespace tooling = clang::tooling;

enum ExitCode {
  ExitClean = 0,
  ExitFindings = 1,
  ExitUsage = 2,
  ExitIncomplete = 3
};

static cl::OptionCategory Category("stallscan options");

static cl::opt<std::string>
    BuildPath("p",
              cl::desc("Build directory containing compile_commands.json "
                       "(default: . or ./build)"),
              cl::value_desc("dir"), cl::cat(Category));
static cl::list<std::string>
    Paths(cl::Positional,
          cl::desc("[<file or folder>...]: report only findings in these paths "
                   "(the whole program is still analysed)"),
          cl::cat(Category));
static cl::opt<std::string> Format(
    "format",
    cl::desc("Output format: text, json, sarif, codeclimate, html or dot"),
    cl::init("text"), cl::cat(Category));
static cl::opt<std::string> BaselineFile(
    "baseline",
    cl::desc("Report only findings whose fingerprint is not in <file>"),
    cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> WriteBaselineFile(
    "write-baseline",
    cl::desc("Record the current findings' fingerprints in <file>"),
    cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string>
    FailOn("fail-on",
           cl::desc("Exit 1 on findings of this severity or worse: "
                    "warning (default), error, never"),
           cl::init("warning"), cl::cat(Category));
static cl::opt<std::string> HelpUriBase(
    "help-uri-base",
    cl::desc("Base URI of the published docs/ folder for rule help links "
             "(default: none; SARIF rules carry the check pages as help)"),
    cl::value_desc("uri"), cl::cat(Category));
static cl::opt<std::string>
    OutputFile("o", cl::desc("Write the report to <file> (atomically)"),
               cl::value_desc("file"), cl::cat(Category));
static cl::opt<unsigned>
    Jobs("j", cl::desc("Parse <N> TUs in parallel, or with link read <N> "
                        "summaries in parallel (default: all cores)"),
         cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(Category));
// clang-tidy's habits: options named and behaving as clang-tidy's.
static cl::opt<std::string> ConfigFile(
    "config-file",
    cl::desc("Config file (default: nearest .stallscan.json upward)"),
    cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> ConfigText(
    "config",
    cl::desc("The config as JSON text, '{\"checks\": \"-*,...\"}' (a value "
             "not starting with '{' is read as a file: deprecated)"),
    cl::value_desc("json"), cl::cat(Category));
static cl::opt<bool>
    DumpConfig("dump-config",
               cl::desc("Print the effective config, defaults included, "
                        "as JSON and exit"),
               cl::cat(Category));
static cl::opt<std::string> HeaderFilter(
    "header-filter",
    cl::desc("Report findings in headers only when the header's path matches "
             "<regex> (default: findings in every header are reported)"),
    cl::value_desc("regex"), cl::cat(Category));
static cl::opt<std::string> WarningsAsErrors(
    "warnings-as-errors",
    cl::desc("Findings of checks matching these globs get severity error"),
    cl::value_desc("globs"), cl::cat(Category));
static cl::opt<cl::boolOrDefault> UseColor(
    "use-color",
    cl::desc("Colour the text report (default: on a colour terminal, unless "
             "NO_COLOR is set); --use-color=false never colours"),
    cl::cat(Category));
static cl::opt<std::string> ChecksOpt(
    "checks",
    cl::desc("Comma-separated check globs, applied after the config's; the "
             "'stallscan-' prefix may be left out (e.g. "
             "'-*,blocking-in-event-loop')"),
    cl::cat(Category));
static cl::opt<bool> ListChecks("list-checks",
                                cl::desc("List the enabled checks and exit"),
                                cl::cat(Category));
static cl::list<std::string>
    ExtraArgs("extra-arg",
              cl::desc("Append an argument to every compile command"),
              cl::cat(Category));
static cl::list<std::string>
    ExtraArgsBefore("extra-arg-before",
                    cl::desc("Prepend an argument to every compile command"),
                    cl::cat(Category));
static cl::opt<bool> NoCache("no-cache",
                             cl::desc("Do not read or write the summary cache"),
                             cl::cat(Category));
static cl::opt<std::string>
    CacheDir("cache-dir",
             cl::desc("Summary cache (default: <build dir>/.stallscan-cache)"),
             cl::value_desc("dir"), cl::cat(Category));
static cl::opt<bool>
    Quiet("quiet", cl::desc("No progress and no summary lines on stderr"),
          cl::cat(Category));
static cl::opt<bool> AllowPlugins(
    "allow-plugins",
    cl::desc(
        "Keep -fplugin, -fpass-plugin and -Xclang -load in compile commands "
        "(they load and run code; stripped by default)"),
    cl::cat(Category));
static cl::opt<std::string>
    Root("root",
         cl::desc("Project root: paths are shown and fingerprinted relative "
                  "to it (default: current directory)"),
         cl::value_desc("dir"), cl::cat(Category));
static cl::opt<std::string> DiffBase(
    "diff-base",
    cl::desc("Report only findings whose call or path touches lines changed "
             "since <rev> (git diff), or in a unified diff on stdin ('-')"),
    cl::value_desc("rev"), cl::cat(Category));
static cl::opt<bool>
    SummaryOnly("summary-only",
                cl::desc("Print only the summary: counts, architecture, risks"),
                cl::cat(Category));
static cl::opt<std::string> WriteIndexFile(
    "write-index",
    cl::desc("Also write every TU's summary to <file>: an index that gives the "
             "compiler plugin, the clang-tidy module and clangd the whole "
             "program's facts"),
    cl::value_desc("file"), cl::cat(Category));
static cl::opt<IndexFormat> WriteIndexFormat(
    "index-format",
    cl::desc("The form of --write-index's file: binary (the default: read "
             "by the front ends without parsing) or json"),
    cl::values(clEnumValN(IndexFormat::Binary, "binary", "binary"),
               clEnumValN(IndexFormat::Json, "json", "JSON")),
    cl::init(IndexFormat::Binary), cl::cat(Category));
static cl::opt<bool> TimePhases(
    "time-phases",
    cl::desc("Print on stderr the wall-clock time of each phase: reading or "
             "parsing, the index, link, analysis, checks, report; then the "
             "CPU time and peak memory of this process at each"),
    cl::cat(Category));
static cl::opt<bool>
    NoSnippets("no-snippets",
               cl::desc("Do not print source lines in text output"),
               cl::cat(Category));

static std::vector<std::string> everyCheck() {
  std::vector<std::string> Every;
  for (const CheckInfo &C : allChecks())
    Every.push_back(C.Id);
  return Every;
}

/// Every check's findings over the program a front end links from the
/// index of \p Units (PreparedIndex: header facts shared, definitions
/// split), with the config's options, placed as a front end places them.
static std::vector<Finding> findingsOfIndex(const std::vector<TUSummary> &Units,
                                            const std::string &ConfigPath,
                                            const Config &Conf) {
  PreparedIndex Index(SummarySet{shareHeaderFacts(Units), ConfigPath});
  Program P = link(Index.Units, /*AlreadySplit=*/true);
  LoopReachability Loop = computeLoopReachability(P, loopOptions(&Conf));
  EntryPoints Entries = computeEntryPoints(P, Loop);
  LockReachability Locks = computeLockReachability(P, &Entries);
  AnalysisInput In{P, Loop, Locks, Entries, Conf.CheckOptions};
  return runChecks(In, everyCheck(), "");
}

/// --time-phases: one line on stderr, "stallscan: time: read 1.20 s, ...",
/// then this process's CPU seconds (user + system) per phase and its peak
/// resident memory at the end of each phase ("stallscan: cpu: ...",
/// "stallscan: peak: read 512 MiB, ..."); the worker processes that parse
/// TUs are not counted in either.
class PhaseTimes {
public:
  void mark(const char *Phase) {
    auto Now = std::chrono::steady_clock::now();
    auto [Cpu, PeakMiB] = usage();
    Phases.push_back({Phase, std::chrono::duration<double>(Now - Last).count(),
                      Cpu - LastCpu, PeakMiB});
    Last = Now;
    LastCpu = Cpu;
  }
  ~PhaseTimes() {
    if (!TimePhases || Phases.empty())
      return;
    auto Line = [&](const char *Title, auto Value) {
      errs() << "stallscan: " << Title << ":";
      const char *Sep = " ";
      for (const Phase &P : Phases) {
        errs() << Sep << P.Name << " " << Value(P);
        Sep = ", ";
      }
      errs() << "\n";
    };
    Line("time", [](const Phase &P) { return format("%.2f s", P.Wall); });
    Line("cpu", [](const Phase &P) { return format("%.2f s", P.Cpu); });
    Line("peak", [](const Phase &P) { return format("%.0f MiB", P.PeakMiB); });
  }

private:
  struct Phase {
    const char *Name;
    double Wall, Cpu, PeakMiB;
  };
  /// This process's CPU seconds (user + system) and peak resident MiB,
  /// from one getrusage.
  static std::pair<double, double> usage() {
    struct rusage U;
    getrusage(RUSAGE_SELF, &U);
    return {U.ru_utime.tv_sec + U.ru_stime.tv_sec +
                (U.ru_utime.tv_usec + U.ru_stime.tv_usec) / 1e6,
            U.ru_maxrss / 1024.0}; // KiB on Linux
  }
  std::chrono::steady_clock::time_point Last = std::chrono::steady_clock::now();
  double LastCpu = usage().first;
  std::vector<Phase> Phases;
};

/// One line per TU that failed, on stderr, whatever the report's format.
static void reportIncomplete(const Report &Rep) {
  for (const auto &E : Rep.Errors)
    errs() << "stallscan: error: " << printable(Rep.displayPath(E.File))
           << ": analysis incomplete: " << printable(E.Message) << "\n";
}

static int usageError(const Twine &Msg) {
  errs() << "stallscan: error: " << Msg << "\n";
  return ExitUsage;
}

/// The first argument that names no option. LLVM's parser would read an
/// unknown "-hfoo" as the group "-h -f -o -o" and print the help (exit 0):
/// every option must be spelled as registered ("-j2" too: -j is a prefix
/// option), and the value after an option that requires one is skipped.
static std::optional<std::string> unknownOption(int Argc, const char **Argv) {
  const auto &Options = cl::getRegisteredOptions(cl::SubCommand::getTopLevel());
  for (int I = 1; I < Argc; ++I) {
    StringRef A = Argv[I];
    if (A == "--")
      break;
    if (!A.starts_with("-") || A == "-")
      continue;
    auto [Name, Value] = A.ltrim('-').split('=');
    if (Name == "h")
      continue; // LLVM's alias of --help, registered only while parsing
    auto It = Options.find(Name);
    if (It != Options.end()) {
      if (!A.contains('=') &&
          It->second->getValueExpectedFlag() == cl::ValueRequired)
        ++I;
      continue;
    }
    bool Prefixed = false;
    for (const auto &Entry : Options) {
      const cl::Option *O = Entry.second;
      Prefixed |= (O->getFormattingFlag() == cl::Prefix ||
                   O->getFormattingFlag() == cl::AlwaysPrefix) &&
                  !Entry.first().empty() && Name.starts_with(Entry.first());
    }
    if (!Prefixed)
      return A.str();
  }
  return std::nullopt;
}

static std::string absolute(StringRef P) {
  SmallString<256> S(P);
  sys::fs::make_absolute(S);
  sys::path::remove_dots(S, true);
  return std::string(S);
}

static bool isSourceFile(StringRef P) {
  StringRef Ext = sys::path::extension(P);
  return Ext == ".c" || Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" ||
         Ext == ".c++" || Ext == ".C" || Ext == ".m" || Ext == ".mm";
}

/// What the analysis starts from: every TU's summary, however obtained.
struct Inputs {
  std::vector<TUSummary> Summaries;
  std::vector<std::string> MainFiles;
  std::vector<TUError> Errors; ///< TUs that failed
  long Cached = 0;
  std::vector<std::string> Filters; ///< report only findings under these
  /// Per main file: its build target and build folder (components).
  std::map<std::string, TUOrigin> Origins;
};

/// A compile job's build target: CMake's object folder
/// (`<dir>/CMakeFiles/<target>.dir`) in its `-o` output, else empty.
static TUOrigin originOf(const CompileJob &J) {
  TUOrigin O;
  O.BuildDir = J.Directory;
  while (O.BuildDir.size() > 1 && O.BuildDir.back() == '/')
    O.BuildDir.pop_back();
  for (size_t I = 0; I < J.Args.size(); ++I) {
    std::string Out;
    if (J.Args[I] == "-o" && I + 1 < J.Args.size())
      Out = J.Args[I + 1];
    else if (StringRef(J.Args[I]).starts_with("-o") && J.Args[I].size() > 2)
      Out = J.Args[I].substr(2);
    size_t Cm = Out.rfind("CMakeFiles/");
    size_t Dir = Cm == std::string::npos ? Cm : Out.find(".dir/", Cm);
    if (Dir == std::string::npos)
      continue;
    std::string Target = Out.substr(0, Dir + 4);
    O.Target = sys::path::is_absolute(Target) ? Target
                                              : O.BuildDir + "/" + Target;
  }
  return O;
}

/// Parses (or loads from the cache) the TUs of the compile database, or of
/// the files given before '--'. Returns an exit code on input errors, else -1.
static int extractFromCompileDb(tooling::FixedCompilationDatabase *Fixed,
                                const Catalog &Cat, const std::string &Cwd,
                                const char *Argv0, Inputs &In) {
  std::vector<CompileJob> Jobs;
  std::string DbDir;
  std::set<std::string> DbFiles;
  if (Fixed) {
    if (Paths.empty())
      return usageError("no input files before '--'");
    for (const auto &P : Paths) {
      std::string Abs = absolute(P);
      if (!sys::fs::is_regular_file(Abs))
        return usageError("no such file: '" + P + "'");
      for (auto &Cmd : Fixed->getCompileCommands(Abs))
        Jobs.push_back({Abs, Cwd, Cmd.CommandLine});
    }
  } else {
    std::string Dir = BuildPath;
    if (Dir.empty()) {
      for (const char *Candidate : {".", "build"})
        if (sys::fs::exists(Twine(Candidate) + "/compile_commands.json")) {
          Dir = Candidate;
          break;
        }
      if (Dir.empty())
        return usageError("no compile_commands.json in . or ./build; pass -p "
                          "<build dir>, or files followed by '-- <flags>'");
    }
    SmallString<256> DbPath(Dir);
    if (sys::fs::is_directory(Dir))
      sys::path::append(DbPath, "compile_commands.json");
    if (!sys::fs::exists(DbPath))
      return usageError("no compilation database at '" + DbPath + "'");
    try {
      Jobs = loadCompileDatabase(std::string(DbPath));
    } catch (const ConfigError &E) {
      return usageError(E.what());
    }
    DbDir = absolute(sys::path::parent_path(DbPath));
    for (const auto &J : Jobs) {
      DbFiles.insert(J.File);
      In.Origins.emplace(J.File, originOf(J));
    }
    if (Jobs.empty())
      return usageError("the compilation database '" + DbPath +
                        "' has no entries");
    for (const auto &P : Paths) {
      std::string Abs = absolute(P);
      if (!sys::fs::exists(Abs))
        return usageError("no such file or directory: '" + P + "'");
      if (sys::fs::is_regular_file(Abs) && isSourceFile(Abs) &&
          !DbFiles.count(Abs))
        return usageError("'" + P + "' is not in the compilation database");
      In.Filters.push_back(Abs);
    }
  }

  DriverOptions Opts;
  Opts.Jobs = ::Jobs;
  Opts.AllowPlugins = AllowPlugins;
  Opts.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  Opts.ExtraArgsBefore.assign(ExtraArgsBefore.begin(), ExtraArgsBefore.end());
  Opts.ResourceDir = findResourceDir(Argv0);
  if (!NoCache) {
    if (!CacheDir.empty())
      Opts.CacheDir = absolute(CacheDir);
    else if (!DbDir.empty())
      Opts.CacheDir = DbDir + "/.stallscan-cache";
  }
  bool Tty = sys::Process::StandardErrIsDisplayed();
  if (!Quiet && Tty)
    Opts.Progress = [](size_t Done, size_t Total, const std::string &File) {
      errs() << "\r\x1b[K[" << Done << "/" << Total << "] "
             << printable(File);
      if (Done == Total)
        errs() << "\r\x1b[K";
    };

  std::vector<TUResult> Results = runExtraction(Jobs, Cat, Opts);

  for (auto &R : Results) {
    if (R.Failed)
      In.Errors.push_back({R.File, R.Error});
    In.Cached += R.Cached;
    In.MainFiles.push_back(R.File);
    In.Summaries.push_back(std::move(R.Summary));
  }
  return -1;
}

/// `stallscan link`: summaries written by the compiler plugin, or indexes.
static int readSummaries(tooling::FixedCompilationDatabase *Fixed, Inputs &In) {
  if (Fixed || !BuildPath.empty())
    return usageError("'link' reads summaries: -p and '--' do not apply");
  if (Paths.empty())
    return usageError("'link' needs summary files, or folders of them");
  LinkInputs Read;
  try {
    Read = readLinkInputs({Paths.begin(), Paths.end()}, ::Jobs);
  } catch (const ConfigError &E) {
    return usageError(E.what());
  }
  In.Summaries = std::move(Read.Units);
  // A record that does not read (an object of an older build, a corrupt
  // section) is named like a TU that failed: the others are reported.
  In.Errors = std::move(Read.Unreadable);
  // Compiler probes of the build system (summaries of older plugins) are no
  // part of the program.
  In.Summaries.erase(std::remove_if(In.Summaries.begin(), In.Summaries.end(),
                                    [](const TUSummary &S) {
                                      return isBuildSystemProbe(S.MainFile);
                                    }),
                     In.Summaries.end());
  for (const TUSummary &S : In.Summaries) {
    if (S.MainFile.empty())
      continue; // an index's shared header facts: no TU of its own
    In.MainFiles.push_back(S.MainFile);
    if (!S.Errors.empty())
      In.Errors.push_back({S.MainFile, S.Errors.front()});
  }
  return -1;
}

static int run(int argc, const char **argv) {
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "stallscan " << STALLSCAN_VERSION << " (Clang " << LLVM_VERSION_STRING
       << ")\n";
  });

  // "stallscan link SUMMARIES..." reports on summaries written during a
  // build by the compiler plugin (or an index), parsing nothing.
  std::vector<const char *> ArgvStore(argv, argv + argc);
  bool LinkMode = argc > 1 && StringRef(argv[1]) == "link";
  if (LinkMode) {
    ArgvStore.erase(ArgvStore.begin() + 1);
    argv = ArgvStore.data();
    --argc;
  }

  // The flags after '--' are a compile command too, and LLVM runs Clang's
  // driver on them to find the inputs: sanitised first, so no GPU detection
  // runs here (plugins are judged later, with --allow-plugins known).
  std::vector<std::string> FixedFlags;
  for (int I = 1; I < argc; ++I)
    if (StringRef(argv[I]) == "--") {
      std::vector<std::string> Cmd = {"clang++"};
      Cmd.insert(Cmd.end(), argv + I + 1, argv + argc);
      Cmd = sanitizeCommand(Cmd, /*AllowPlugins=*/true);
      // Without the compiler and the two flags sanitizeCommand adds.
      FixedFlags.assign(Cmd.begin() + 3, Cmd.end());
      ArgvStore.resize(I + 1);
      for (const std::string &F : FixedFlags)
        ArgvStore.push_back(F.c_str());
      argv = ArgvStore.data();
      argc = static_cast<int>(ArgvStore.size());
      break;
    }

  // clang-tidy style: "stallscan a.cpp b.cpp -- <compiler args>" analyses
  // those files with a fixed command line instead of a compile database.
  std::string FixedError;
  int Argc = argc;
  std::unique_ptr<tooling::FixedCompilationDatabase> Fixed =
      tooling::FixedCompilationDatabase::loadFromCommandLine(Argc, argv,
                                                             FixedError);
  if (!FixedError.empty())
    return usageError(FixedError);
  if (std::optional<std::string> Unknown = unknownOption(Argc, argv))
    return usageError("unknown option '" + *Unknown +
                      "'; run 'stallscan --help' to see them");
  if (!cl::ParseCommandLineOptions(
          Argc, argv,
          "stallscan: finds blocking calls on event loops in C and C++ "
          "servers\n\n"
          "  stallscan -p build/                  whole program\n"
          "  stallscan -p build/ src/net/         findings in these paths "
          "only\n"
          "  stallscan a.cpp b.cpp -- -std=c++20  files with fixed flags\n"
          "  stallscan link <summaries, dirs>     summaries from the plugin\n",
          &errs()))
    return ExitUsage;

  if (Jobs.getNumOccurrences() && Jobs == 0)
    return usageError("-j needs at least 1 (omit it to use every core)");
  if (Format != "text" && Format != "json" && Format != "sarif" &&
      Format != "codeclimate" && Format != "dot" && Format != "html")
    return usageError(
        "unknown format '" + Format +
        "' (expected text, json, sarif, codeclimate, html or dot)");
  if (FailOn != "warning" && FailOn != "error" && FailOn != "never")
    return usageError("unknown --fail-on '" + FailOn +
                      "' (expected warning, error or never)");
  std::optional<Baseline> Base;
  if (!WriteBaselineFile.empty() && !OutputFile.empty())
    return usageError("--write-baseline records the findings and writes no "
                      "report: run it without -o");
  if (!BaselineFile.empty()) {
    try {
      Base = loadBaseline(BaselineFile);
    } catch (const ConfigError &E) {
      return usageError(E.what());
    }
  }

  // Config and checks.
  Config Conf;
  std::string Cwd = absolute(".");
  std::set<std::string> AsErrors;
  std::optional<Regex> HeaderRegex;
  try {
    std::vector<std::string> Warnings;
    Conf = loadCliConfig(ConfigText, ConfigFile, Cwd, Warnings);
    for (const std::string &W : Warnings)
      errs() << "stallscan: warning: " << W << "\n";
    AsErrors = checksMatching(WarningsAsErrors);
  } catch (const ConfigError &E) {
    return usageError(E.what());
  }
  // --header-filter= (empty) keeps no header findings, as clang-tidy's.
  if (HeaderFilter.getNumOccurrences()) {
    HeaderRegex.emplace(HeaderFilter.empty() ? std::string("^$")
                                             : std::string(HeaderFilter));
    if (std::string Why; !HeaderRegex->isValid(Why))
      return usageError("invalid --header-filter '" + HeaderFilter +
                        "': " + Why);
  }
  // Config severities, then --warnings-as-errors.
  auto SeverityOf = [&](const std::string &Check,
                        const std::string &Default) -> std::string {
    if (AsErrors.count(Check))
      return "error";
    auto It = Conf.Severities.find(Check);
    return It == Conf.Severities.end() ? Default : It->second;
  };
  std::vector<std::string> Globs = Conf.Checks;
  for (auto &G : splitGlobs(ChecksOpt))
    Globs.push_back(G);
  std::vector<std::string> Enabled;
  try {
    Enabled = selectChecks(Globs);
  } catch (const ConfigError &E) {
    return usageError(E.what());
  }
  if (ListChecks) {
    outs() << "Enabled checks:\n";
    for (const auto &C : allChecks())
      if (std::find(Enabled.begin(), Enabled.end(), C.Id) != Enabled.end())
        outs() << "    " << C.Id << "  (" << C.Category << ") " << C.Summary
               << "\n";
    return ExitClean;
  }
  if (DumpConfig) {
    std::map<std::string, std::string> Severities;
    for (const CheckInfo &C : allChecks())
      Severities[C.Id] = SeverityOf(C.Id, "warning");
    dumpConfig(Conf, Conf.Path, Enabled, Severities, outs());
    return ExitClean;
  }
  if (Enabled.empty())
    return usageError("no checks enabled");

  Catalog Cat = Catalog::builtinCopy();
  if (!Conf.Catalog.empty())
    Cat.merge(Conf.Catalog, (Conf.Path.empty() ? "--config" : Conf.Path) +
                                ": catalog"); // validated at load

  PhaseTimes Times;
  Inputs In;
  if (int Exit = LinkMode
                     ? readSummaries(Fixed.get(), In)
                     : extractFromCompileDb(Fixed.get(), Cat, Cwd, argv[0], In);
      Exit >= 0)
    return Exit;
  Times.mark(LinkMode ? "read" : "parse");
  // A binary index also stores the whole program's findings, for the
  // front ends to use for TUs that have not changed (StoredResults.h): the
  // index is encoded now, while the summaries are here, and written with
  // its results once the checks have run.
  std::string IndexConfig = Conf.Path.empty() ? "" : absolute(Conf.Path);
  // A binary index goes to its file as it is encoded (a 50,000-TU
  // program's is 2.3 GiB): only its results are added after the checks.
  std::optional<StagedOutputFile> IndexOut;
  std::vector<StoredUnit> StoredUnits;
  std::string Disagree;
  std::optional<std::vector<Finding>> IndexFindings;
  if (!WriteIndexFile.empty()) {
    try {
      if (WriteIndexFormat == IndexFormat::Binary) {
        StoredUnits = planStoredUnits(In.Summaries, &Disagree);
        IndexOut.emplace(WriteIndexFile);
        if (std::string Why =
                writeBinaryIndexFirst(*IndexOut, In.Summaries, IndexConfig,
                                      /*ResultsFollow=*/true);
            !Why.empty())
          return usageError("cannot write '" + WriteIndexFile + "': " + Why);
        // Units that say different things about one function: the index
        // (one copy of shared facts) links into another program than these
        // summaries do. Its findings are then those of the index's own
        // program, as a front end links it.
        if (!Disagree.empty())
          IndexFindings = findingsOfIndex(In.Summaries, IndexConfig, Conf);
      } else
        writeIndex(WriteIndexFile, In.Summaries, IndexConfig,
                   WriteIndexFormat);
    } catch (const ConfigError &E) {
      return usageError(E.what());
    }
    Times.mark("index");
  }

  // Link, analyse, report.
  std::vector<TUSummary> &Summaries = In.Summaries;
  std::vector<std::string> &Filters = In.Filters;
  Report Rep;
  Rep.Errors = In.Errors;
  long Failed = static_cast<long>(In.Errors.size()), Cached = In.Cached;
  Program Prog = linkOwned(std::move(Summaries));
  // The program holds what the analysis needs; the summaries, the larger of
  // the two on a big codebase, are not used again.
  std::vector<TUSummary>().swap(Summaries);
  Times.mark("link");
  LoopReachability Loop = computeLoopReachability(Prog, loopOptions(&Conf));
  EntryPoints Entries = computeEntryPoints(Prog, Loop);
  LockReachability Locks = computeLockReachability(Prog, &Entries);
  AnalysisInput Analysis{Prog, Loop, Locks, Entries, Conf.CheckOptions};
  Times.mark("reachability");
  std::string RootDir = Root.empty() ? Cwd : absolute(Root);
  std::vector<Finding> All = runChecks(Analysis, Enabled, RootDir);
  Times.mark("checks");
  if (IndexOut) {
    // Every check, placed as a front end places them (no root), with the
    // options a front end reading this index would use.
    std::string Results;
    try {
      Results = encodeStoredResults(
          std::move(StoredUnits),
          IndexFindings ? *IndexFindings : runChecks(Analysis, everyCheck(), ""),
          analysisKey(&Conf, {}), IndexConfig);
    } catch (const nlohmann::json::exception &E) {
      errs() << "stallscan: warning: the index is written without stored "
                "results: "
             << E.what() << "\n";
    }
    if (std::string Why = IndexOut->commit(
            [&](raw_ostream &OS) { OS << Results; });
        !Why.empty())
      return usageError("cannot write '" + WriteIndexFile + "': " + Why);
    IndexOut.reset();
    Times.mark("index results");
  }

  Rep.DisplayRoot = RootDir; // exclude globs may be relative to it
  std::set<std::string> MainFiles(In.MainFiles.begin(), In.MainFiles.end());
  for (auto &F : All) {
    // --header-filter, as clang-tidy's: a finding outside every TU's main
    // file is in a header.
    if (HeaderRegex && !MainFiles.count(F.Where.File) &&
        !HeaderRegex->match(F.Where.File.str()))
      continue;
    if (!Filters.empty() &&
        std::none_of(Filters.begin(), Filters.end(), [&](const std::string &P) {
          return isUnder(F.Where.File, P);
        }))
      continue;
    std::string Rel = Rep.displayPath(F.Where.File);
    if (std::any_of(Conf.Exclude.begin(), Conf.Exclude.end(),
                    [&](const std::string &G) {
                      return globMatch(G, F.Where.File) || globMatch(G, Rel);
                    }))
      continue;
    Rep.Findings.push_back(std::move(F));
  }
  if (!DiffBase.empty()) {
    try {
      ChangedLines Changed = changedLinesSince(DiffBase, RootDir);
      std::vector<Finding> Touching;
      for (Finding &F : Rep.Findings)
        if (touchesChangedLines(F, Changed))
          Touching.push_back(std::move(F));
      Rep.Findings = std::move(Touching);
    } catch (const ConfigError &E) {
      return usageError(E.what());
    }
  }
  applyInlineSuppressions(Rep.Findings);
  for (Finding &F : Rep.Findings)
    F.Severity = SeverityOf(F.Check, F.Severity);
  // Paths and fingerprints are relative to the root, which defaults to the
  // current directory: run from another folder, a config's exclude globs
  // and a baseline's fingerprints silently stop matching. Say so.
  bool UsesBaseline = Base || !WriteBaselineFile.empty();
  if (Root.empty() && !Conf.Path.empty()) {
    std::string ConfDir = absolute(sys::path::parent_path(absolute(Conf.Path)));
    bool RelativeExclude =
        std::any_of(Conf.Exclude.begin(), Conf.Exclude.end(),
                    [](const std::string &G) {
                      return !G.empty() && G[0] != '/' && G[0] != '*';
                    });
    if (ConfDir != RootDir && (RelativeExclude || UsesBaseline))
      errs() << "stallscan: warning: config '" << Conf.Path
             << "' is not in the root '" << RootDir
             << "' (the current directory): its "
             << (RelativeExclude ? "exclude globs apply to paths"
                                 : "baseline fingerprints are")
             << " relative to the root; pass --root=" << ConfDir << "\n";
  }
  if (!WriteBaselineFile.empty()) {
    // Recording a baseline is a step of its own: one line saying what was
    // written and no report; exit 0, or 3 when TUs failed (their findings
    // are missing from the baseline).
    size_t Written;
    try {
      Written = writeBaseline(WriteBaselineFile, Rep.Findings, RootDir);
    } catch (const ConfigError &E) {
      return usageError(E.what());
    }
    reportIncomplete(Rep);
    if (!Quiet)
      errs() << "stallscan: wrote " << Written
             << (Written == 1 ? " fingerprint" : " fingerprints") << " to '"
             << WriteBaselineFile << "'\n";
    return Failed ? ExitIncomplete : ExitClean;
  }
  if (Base) {
    if (!Base->Root.empty() && Base->Root != RootDir)
      errs() << "stallscan: warning: baseline '" << BaselineFile
             << "' was written for the root '" << Base->Root
             << "' but the root is '" << RootDir << "'"
             << (Root.empty() ? " (the current directory)" : "")
             << "; pass --root=" << Base->Root << "\n";
    std::vector<Finding> New;
    size_t Candidates = 0;
    for (Finding &F : Rep.Findings) {
      Candidates += !F.Suppressed;
      if (Base->Fingerprints.count(F.Fingerprint))
        ++Rep.Baselined;
      else
        New.push_back(std::move(F));
    }
    if (!Rep.Baselined && Candidates && !Base->Fingerprints.empty())
      errs() << "stallscan: warning: baseline '" << BaselineFile
             << "' matches none of the " << Candidates
             << (Candidates == 1 ? " finding" : " findings")
             << "; was it written for another --root or project?\n";
    Rep.Findings = std::move(New);
  }
  Rep.HelpUriBase =
      HelpUriBase.empty() ? std::string(STALLSCAN_DOCS_URL) : HelpUriBase;
  if (!Rep.HelpUriBase.empty() && !StringRef(Rep.HelpUriBase).ends_with("/"))
    Rep.HelpUriBase += "/";
  Rep.Snippets = !NoSnippets;
  Rep.Architecture = classifyArchitecture(Prog, Loop, Entries);
  // Components are folders of the project: main files outside the root and
  // CMake's compiler checks (in a `link` of a build's summaries) are not.
  std::vector<std::string> ProjectFiles;
  for (const std::string &F : In.MainFiles)
    if (isUnder(F, RootDir) && F.find("/CMakeFiles/") == std::string::npos)
      ProjectFiles.push_back(F);
  Rep.Components =
      classifyComponents(Prog, Loop, Entries, ProjectFiles, In.Origins);
  Rep.SummaryOnly = SummaryOnly;
  long Roots = static_cast<long>(Loop.Roots.size());
  Rep.Stats = {{"translation_units", static_cast<long>(In.MainFiles.size())},
               {"failed_translation_units", Failed},
               {"cached_translation_units", Cached},
               {"functions", static_cast<long>(Prog.Functions.size())},
               {"call_edges", static_cast<long>(Prog.CallEdgeCount)},
               {"loop_roots", Roots},
               {"blocking_sites", static_cast<long>(Prog.Blocking.size())},
               {"offloads", static_cast<long>(Prog.Offloads.size())},
               {"findings", static_cast<long>(Rep.Findings.size())},
               {"baselined_findings", Rep.Baselined}};

  reportIncomplete(Rep);

  bool Color =
      Format == "text" &&
      useColor(UseColor == cl::BOU_UNSET ? -1 : UseColor == cl::BOU_TRUE,
               OutputFile.empty());
  auto Write = [&](raw_ostream &Dest) {
    std::optional<ColorOutput> Colored;
    if (Color)
      Colored.emplace(Dest);
    raw_ostream &OS = Colored ? *Colored : Dest;
    if (Format == "json")
      writeJson(Rep, OS);
    else if (Format == "sarif")
      writeSarif(Rep, OS);
    else if (Format == "codeclimate")
      writeCodeClimate(Rep, OS);
    else if (Format == "dot")
      writeDot(Rep, OS);
    else if (Format == "html")
      writeHtml(Rep, OS);
    else
      writeText(Rep, OS);
  };
  if (!OutputFile.empty()) {
    if (std::string Why = writeOutputFile(OutputFile, Write); !Why.empty())
      return usageError("cannot write '" + OutputFile + "': " + Why);
  } else {
    Write(outs());
  }
  Times.mark("report");
  if (Failed)
    return ExitIncomplete;
  bool Fail = std::any_of(Rep.Findings.begin(), Rep.Findings.end(),
                          [](const Finding &F) {
                            if (F.Suppressed || FailOn == "never")
                              return false;
                            return FailOn == "warning" || F.Severity == "error";
                          });
  return Fail ? ExitFindings : ExitClean;
}

int main(int argc, const char **argv) {
  int Exit = run(argc, argv);
  // A report lost to a full disk or a closed pipe is not a clean run.
  if (std::string Why = flushStdout(); !Why.empty())
    return usageError("cannot write to standard output: " + Why);
  return Exit;
}
