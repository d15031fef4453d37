//===--- Program.h - Linked program graph and loop reachability -*- C++ -*-===//
#ifndef STALLSCAN_ANALYSIS_PROGRAM_H
#define STALLSCAN_ANALYSIS_PROGRAM_H

#include "analysis/Objects.h"
#include "summary/Summary.h"
#include "llvm/ADT/StringRef.h"
#include <deque>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace stallscan {

struct Edge {
  int To;
  Loc Where;
  bool Callback = false;
  bool Indirect = false; ///< through a function pointer, resolved by storage
  std::vector<HeldLockFact> Held; ///< locks the caller holds across the call
  int LockInfo = -1; ///< index into Program::EdgeLocks, if any
  int Binding = -1; ///< index into Program::Bindings: the objects it passes
  /// A callback passed to a parameter its callee only stores
  /// (StoredParamFact): registered there, run later; not followed under a
  /// lock, still followed for the event loop (a handler registered from the
  /// loop runs on it).
  bool Registration = false;
  /// Made after the caller's event-loop runner returned (CallFact::AfterLoop).
  bool AfterLoop = false;
  int ArgInfo = -1; ///< index into Program::CallArgs: CallFact::Args, if any
  /// Made on a branch that handles a failed call (CallFact::Cold): not a
  /// request path.
  bool Cold = false;
  /// Made on a branch that reports a failed call (CallFact::Report): the
  /// caller's locks are not blamed for what it blocks on.
  bool Report = false;
};

/// What a call site says about locks beyond those held across it (kept
/// beside the edges: few calls have any).
struct EdgeLocks {
  std::vector<LockArgFact> Args;     ///< CallFact::LockArgs
  std::vector<std::string> Released; ///< CallFact::Released
};

/// The objects a call passes to its callee, as its caller names them.
struct CallBinding {
  ObjectRef Receiver;
  std::vector<ArgObjectFact> Args;
};

/// All TU summaries merged: one node per function id, facts deduplicated
/// (a function defined in a header is seen by every TU that includes it).
struct Program {
  std::vector<FunctionFact> Functions;
  std::unordered_map<std::string, int> Index;
  std::vector<std::vector<Edge>> Calls; ///< per function, sorted by site
  /// The storage a call through a function pointer or a callable member
  /// goes through (IndirectCallFact::Storage: "field:Record::field",
  /// "var:name"), by the call's site: what the notes name it by.
  std::map<Loc, std::string> IndirectSites;
  std::vector<RootFact> Roots;
  /// Functions a runtime enters with its lock held (CPython's GIL).
  std::vector<EntryLockFact> EntryLocks;
  std::vector<BlockingFact> Blocking; ///< file-fd conditions resolved
  std::vector<OffloadFact> Offloads;
  std::vector<ReactorFact> Reactors; ///< Reactor fields index this
  std::vector<std::vector<Edge>> ReactorCalls;
  std::vector<RunnerFact> Runners;
  std::vector<ReactorFact> StrayWaits; ///< see TUSummary::StrayWaits
  std::vector<ReactorFact> ConsoleLoops; ///< see TUSummary::ConsoleLoops
  std::vector<ThreadPerConnectionFact> ThreadPerConnection;
  std::vector<ClientCallFact> ClientCalls;
  std::vector<SuspendFact> Suspends;
  std::vector<CriticalSectionFact> CriticalSections;
  /// Per "param:<function>:<index>" key: the callers' locks passed there.
  std::map<std::string, std::vector<LockArgFact>> LockArgs;
  std::vector<EdgeLocks> CallLocks; ///< Edge::LockInfo indexes this
  std::vector<std::string> CallArgs; ///< Edge::ArgInfo indexes this
  /// Argument I of a call edge as CallFact::Args encodes it ("z", "p<N>",
  /// or "" when unknown).
  llvm::StringRef argOf(const Edge &E, unsigned I) const;
  /// Appends the edge of call C from From to To, with its lock, binding and
  /// argument facts in the side tables (CallLocks, Bindings, CallArgs).
  void addCallEdge(int From, const CallFact &C, int To, bool Registration);
  std::vector<CallBinding> Bindings; ///< see Edge::Binding
  /// Calls on branches that only end the process (CallFact::Exit), as
  /// (caller, callee): not edges; their callees run on the way out.
  std::vector<std::pair<int, int>> ExitCalls;
  /// Functions installed as crash-signal handlers (TUSummary::CrashHandlers).
  std::vector<int> CrashHandlers;
  /// Ids of functions some call declares not to return
  /// (TUSummary::NoReturn), defined in the program or not.
  std::set<std::string> NoReturn;
  /// Functions calling code the program does not define (a library outside
  /// the compile database), once per call: it may wait for anything.
  std::vector<int> CallsOutside;
  size_t CallEdgeCount = 0;

  int find(const std::string &Id) const {
    auto It = Index.find(Id);
    return It == Index.end() ? -1 : It->second;
  }
};

/// A compile database often holds several programs (a library's examples,
/// tests and tools), and two of them may each define `Server::onMessage`:
/// same USR, different functions. A non-inline function defined at two
/// different places cannot be one program's function (ODR), so such
/// definitions are split per TU: renamed `<id>#<main file>`. A TU's
/// references go to its own definition when it has one, and to every
/// definition when it does not.
struct DefinitionSplit {
  /// Per conflicting id: its per-TU names.
  std::unordered_map<std::string, std::vector<std::string>> Variants;
  /// Whether \p S defines or refers to a conflicting id.
  bool mentionedBy(const TUSummary &S) const;
  /// Renames \p S's definitions of and references to conflicting ids.
  void apply(TUSummary &S) const;
  /// Copies the units that mention a conflicting id into \p Renamed,
  /// renamed, and points \p Units at the copies; the others are untouched.
  void applyTo(std::vector<const TUSummary *> &Units,
               std::deque<TUSummary> &Renamed) const;
};
DefinitionSplit
findConflictingDefinitions(const std::vector<const TUSummary *> &Units);

/// Descriptor keys that hold non-blocking descriptors, over every unit's
/// NonBlockingFds and FdFlows (see Program.cpp).
std::set<std::string>
nonBlockingDescriptors(const std::vector<const TUSummary *> &Units);

/// Base method id -> the ids of the methods that override it directly.
using OverriderMap = std::unordered_map<std::string, std::vector<std::string>>;
/// What call C may reach: its callee, and for a virtual call every override
/// below it, transitively, looked up in each of Maps in turn (the full link
/// has one; the incremental link, the base program's and the fresh unit's).
std::vector<std::string>
callTargets(const CallFact &C, std::initializer_list<const OverriderMap *> Maps);

/// Whether a function passed to a parameter stored in \p Storage is in
/// that storage for the calls through it: a struct field holding each
/// object's handler (`fdn->handler = handler`) is; a global set once (an
/// out-of-memory hook, which every caller of the allocator would then
/// reach) is not.
inline bool registrationsFill(std::string_view Storage) {
  return Storage.substr(0, 6) == "field:";
}

/// Links summaries: splits conflicting definitions, resolves virtual calls to
/// every overrider seen in the program and decides descriptor-dependent
/// blocking facts.
Program link(const std::vector<TUSummary> &Summaries);
/// The same over summaries held elsewhere (an index and a fresh TU); with
/// \p AlreadySplit the caller has applied the definition split itself.
Program link(std::vector<const TUSummary *> Summaries,
             bool AlreadySplit = false);

/// Why a function counts as running on the event loop.
struct LoopRoot {
  enum Kind { Handler, Coroutine, Annotated, Config, Reactor } K;
  int Function = -1; ///< for all but Reactor
  int ReactorIndex = -1;
  std::string Api; ///< registering call, wait call, or config pattern
  std::string Library;
  Loc Where;
  std::string Via; ///< Handler: RootFact::Via
  bool Idle = false; ///< Handler: RootFact::Idle
  bool Timer = false; ///< Handler: RootFact::Timer
};

/// Shortest paths from the loop roots. A multi-source breadth-first search
/// over call edges (offloads are not edges), so cycles and recursion cost
/// nothing extra and each function gets one deterministic witness.
struct LoopReachability {
  std::vector<LoopRoot> Roots;
  /// Per node (functions, then one pseudo-node per reactor loop).
  std::vector<int> Dist, Pred, RootOf;
  std::vector<Loc> PredSite;
  std::vector<bool> PredCallback;
  std::vector<bool> PredIndirect;
  /// Per function: matches a rare_functions glob (empty when none does).
  std::vector<bool> Rare;

  bool reached(int Fn) const { return Dist[Fn] >= 0; }
  /// N nodes, none reached yet.
  void resize(int N) {
    Dist.assign(N, -1);
    Pred.assign(N, -1);
    RootOf.assign(N, -1);
    PredSite.assign(N, Loc());
    PredCallback.assign(N, false);
    PredIndirect.assign(N, false);
  }
};

/// A try-lock that returns at once when the lock is taken
/// (`pthread_mutex_trylock`, `std::mutex::try_lock`, `absl::Mutex::TryLock`):
/// its caller never queues. Timed variants (`pthread_mutex_timedlock`,
/// `try_lock_for`, `try_lock_until`, `pthread_mutex_clocklock`) wait.
bool acquiresWithoutWaiting(llvm::StringRef Api);

struct LoopOptions {
  /// Function-name globs from the config that run on the event loop.
  std::vector<std::string> EventLoopFunctions;
  /// Function-name globs from the config that run rarely (rare_functions).
  std::vector<std::string> RareFunctions;
};

LoopReachability computeLoopReachability(const Program &P,
                                         const LoopOptions &Opts);

/// The same search from Full's roots less those registered by one of these
/// libraries: what reaches a blocking call that those roots' context
/// allows (BlockingFact::AllowedIn: a seastar::thread may wait for a future).
LoopReachability withoutRootsOf(const Program &P, const LoopReachability &Full,
                                const std::vector<std::string> &Libraries);

/// Functions that run while a caller holds a lock: a breadth-first search
/// from every call made with a non-empty lock set, and from every function
/// a runtime enters with its lock held (Program::EntryLocks, distance 0),
/// over (function, lock) pairs, keeping the nearest such seed as witness. A lock stops where a
/// function releases it: a call made after the release does not carry it,
/// and a site after the release is not under it (see BlockingFact::Released).
struct LockReach {
  HeldLockFact Lock; ///< the lock, as the caller at the seed holds it
  int Dist = 1;      ///< calls from the seed
  int Pred = -1;     ///< the calling function
  int PredReach = -1; ///< the entry of Pred this one came from, -1 at a seed
  Loc PredSite;
  /// At a function entered with the lock held (Pred -1, Dist 0): the index
  /// of its Program::EntryLocks fact.
  int Entry = -1;
  /// Keys naming the lock inside this function: its own key (a global, a
  /// member) and the parameters it was passed to.
  std::vector<std::string> Aliases;
  /// Whether a site that released Released has given this lock up.
  bool releasedBy(const std::vector<std::string> &Released) const;
};
struct LockReachability {
  /// Per function, nearest first; at most MaxLocks distinct locks.
  std::vector<std::vector<LockReach>> Reached;
  static constexpr size_t MaxLocks = 4;
  bool reached(int F) const { return !Reached[F].empty(); }
};
struct EntryPoints;
/// With \p E, a lock held where E->uncontended() says no request can wait
/// for it seeds nothing.
LockReachability computeLockReachability(const Program &P,
                                         const EntryPoints *E = nullptr);

/// Per function: how many request entry points reach it (loop roots and
/// thread bodies), capped at Cap; and whether it may block (reaches a
/// non-socket blocking call over call edges).
struct EntryPoints {
  std::vector<int> Count;
  std::vector<bool> MayBlock;
  /// Per function: reachable from an offload target (a thread body or
  /// pool task) over call edges.
  std::vector<bool> FromOffload;
  /// Which program-wide objects `this` and parameters denote, with the
  /// entry points reaching through each.
  ObjectFlow Objects;
  /// Per function: runs only while the program does not serve requests:
  /// after the event loop returned (called, directly or through such
  /// functions only, after a loop driver's runner call), or on the way out
  /// (called only on branches that end the process, or a crash-signal
  /// handler, or only from such functions).
  std::vector<bool> OutOfService;
  /// Per function: runs only on background threads (reached from thread
  /// bodies only: by no request entry point, from no function without
  /// callers such as main or an uncalled library function, and not out of
  /// service).
  std::vector<bool> Background;
  /// Per function: reached from request entry points only through a
  /// function the config calls rare (LoopReachability::Rare), and the rare
  /// function it is reached through (-1 elsewhere).
  std::vector<int> RareVia;
  /// Locks that a request path may wait for: keys of blocking (not try-)
  /// acquisitions in functions that request entry points reach, other than
  /// a thread's controllers (functions that start or join threads); a
  /// lock taken through a parameter adds its callers' keys.
  std::set<std::string> RequestLocks;
  /// Per function: every request entry point that reaches it runs in a
  /// program that starts no thread: each `main` whose reach (calls and
  /// registrations) holds that entry point starts no thread and hands no
  /// task to a pool, and registers its handlers and runs its loops through
  /// code the program defines (a framework's own threads would be in
  /// sight). Such a function's locks have one taker at a time (a CLI
  /// client's socket lock in a library's example).
  std::vector<bool> SingleThreaded;
  /// Per function: a request entry point whose program starts no thread
  /// (see SingleThreaded).
  std::vector<bool> SingleThreadedEntry;

  /// Why no thread serving requests can wait for \p H where function \p Fn
  /// holds it: "" if one may; else a short reason.
  const char *uncontended(int Fn, const HeldLockFact &H) const;
};
EntryPoints computeEntryPoints(const Program &P, const LoopReachability &L,
                               int Cap = 3);

} // namespace stallscan

#endif
