//===--- Finding.h - What rules report --------------------------*- C++ -*-===//
#ifndef STALLSCAN_RULES_FINDING_H
#define STALLSCAN_RULES_FINDING_H

#include "summary/Summary.h"
#include <map>
#include <string>
#include <vector>

namespace stallscan {

struct Program;
struct LoopReachability;
struct LockReachability;
struct EntryPoints;

struct Note {
  Loc Where;
  std::string Message;
};

/// One function on a witness path: its unique id (display names repeat:
/// two lambdas in one function are both "lambda in f") and its name.
struct PathStep {
  std::string Id;
  std::string Name;
};

struct Finding {
  std::string Check;
  std::string Severity = "warning";
  std::string Category;
  Loc Where;
  std::string Message;
  std::vector<Note> Trace; ///< root first, then one note per call frame
  std::string ContextKind; ///< handler, coroutine, reactor, annotated, config
  std::string Root;        ///< display name of the root
  std::string Function;    ///< function containing the reported site
  std::string Api;
  std::string Kind;
  std::string Fingerprint;
  /// Figures behind the finding (serialised-hot-path: entry_points,
  /// statements, calls, loops, allocations, blocking_calls).
  std::map<std::string, long> Metrics;
  /// Silenced by a NOLINT comment: kept in JSON and SARIF, not in text, not
  /// in the exit code.
  bool Suppressed = false;
  /// The witness, root first (for graph output).
  std::vector<PathStep> Path;

  /// A finding reported at a blocking call site.
  static Finding atBlockingCall(const char *Check, const char *Category,
                                const BlockingFact &B) {
    Finding F;
    F.Check = Check;
    F.Category = Category;
    F.Where = B.Where;
    F.Api = B.Api;
    F.Kind = B.Kind;
    return F;
  }
};

/// The analysed program every rule reads. Rules never re-walk the AST.
struct AnalysisInput {
  const Program &Prog;
  const LoopReachability &Loop;
  const LockReachability &Locks;
  const EntryPoints &Entries;
  /// Options from the config, by check id and option name.
  std::map<std::string, std::string> Options;
  /// The configured value, else the default from CheckOptions.def.
  std::string getOption(const std::string &Check,
                        const std::string &Name) const;
};

struct CheckInfo {
  const char *Id;
  const char *Category;
  bool EnabledByDefault;
  const char *Summary;
};

/// Every check, in registry order.
const std::vector<CheckInfo> &allChecks();

/// The check's page of docs/checks/ (Markdown) as compiled into this build,
/// or an empty string for an id without a page.
std::string checkDocumentation(const std::string &CheckId);

struct CheckOptionInfo {
  const char *Check;
  const char *Name;
  const char *Type; ///< "bool" or "integer"
  const char *Default;
  const char *Summary;
};

/// Every option of every check (CheckOptions.def), in registry order.
const std::vector<CheckOptionInfo> &allCheckOptions();

/// Runs the enabled checks; the result is sorted by location and has stable
/// fingerprints (relative to \p Root).
std::vector<Finding> runChecks(const AnalysisInput &In,
                               const std::vector<std::string> &Enabled,
                               const std::string &Root);

/// "'lambda in Session::start' calls 'Store::put' here" style trace for a
/// function reached from a loop root.
/// Also fills \p Path, when given, with the functions of the witness, root
/// first (a reactor loop as "loop in <function>").
std::vector<Note> loopTrace(const AnalysisInput &In, int Function,
                            std::vector<PathStep> *Path = nullptr);

} // namespace stallscan

#endif
