//===--- Architecture.h - Synchronous / asynchronous verdict ----*- C++ -*-===//
#ifndef STALLSCAN_RULES_ARCHITECTURE_H
#define STALLSCAN_RULES_ARCHITECTURE_H

#include "summary/Summary.h"
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace stallscan {
struct Program;
struct LoopReachability;
struct EntryPoints;

struct Evidence {
  std::string Kind; ///< loop-runner, handlers, coroutines, reactor,
                    ///< thread-per-connection, blocking-worker
  std::string Message;
  Loc Where; ///< a representative location, when there is one
};

struct ArchitectureVerdict {
  std::string Verdict; ///< synchronous, asynchronous, hybrid, unknown
  std::string Reason;  ///< one sentence
  std::vector<Evidence> Items;
  std::map<std::string, int> Counts;
  /// Event-loop entry points located here, and how many never block.
  int EntryPoints = 0, NonBlockingEntryPoints = 0;
  /// When no event loop was found: how to teach stallscan the one it missed,
  /// naming a loop wait it saw outside any loop (Where), if any.
  std::string Hint;
  Loc HintWhere;
};

/// The verdict from the evidence located where \p In says (all by default):
/// per component, pass a predicate on the file.
ArchitectureVerdict
classifyArchitecture(const Program &P, const LoopReachability &R,
                     const EntryPoints &E,
                     const std::function<bool(const Loc &)> &In = nullptr);

/// A component (top-level folder below the sources' common root) and its
/// verdict.
struct ComponentVerdict {
  std::string Name;
  std::string Root; ///< absolute folder
  ArchitectureVerdict Verdict;
};

/// Where a TU was compiled: its build target (CMake's object folder,
/// `<build dir>/CMakeFiles/<target>.dir`; empty when unknown) and the
/// folder its command ran in.
struct TUOrigin {
  std::string Target;
  std::string BuildDir;
};

/// Components are found from the TUs' main files; a program whose sources
/// are all in one folder has one component. A TU whose main file lies in
/// its build folder (moc's and protoc's output) while other TUs of its
/// target do not is generated: it joins the component of its target's
/// other sources instead of forming one of its own (Origins: by main file).
std::vector<ComponentVerdict>
classifyComponents(const Program &P, const LoopReachability &R,
                   const EntryPoints &E,
                   const std::vector<std::string> &MainFiles,
                   const std::map<std::string, TUOrigin> &Origins = {});

} // namespace stallscan

#endif
