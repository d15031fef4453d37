//===--- Summary.h - Per-TU facts -------------------------------*- C++ -*-===//
//
// A TU summary holds facts only, never verdicts: which functions exist, who
// calls whom, which calls block, which functions are registered to run on an
// event loop and which are handed to other threads. It is small, serialisable
// and cacheable; the whole-program analysis links many of them.
//
// Functions are referred to by a stable id (their USR, made TU-unique for
// internal linkage, or a location-based id for lambdas), never by pointer, so
// summaries of different TUs link by string equality.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_SUMMARY_SUMMARY_H
#define STALLSCAN_SUMMARY_SUMMARY_H

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace stallscan {

/// Bumped whenever the serialised form changes; older cache entries and index
/// files are then rejected instead of misread.
constexpr int SummaryFormatVersion = 16;

/// A file path, interned: every location in one file shares one string, so
/// a location costs a pointer and comparing two files' paths for equality
/// is a pointer comparison. A big program has millions of locations in
/// thousands of files. Order is the paths' order, never the pointers'.
/// Interning is thread-safe; interned strings live as long as the process.
class FilePath {
public:
  FilePath() : S(&empty_()) {}
  FilePath(const std::string &P) : S(intern(P)) {}
  FilePath(std::string_view P) : S(intern(P)) {}
  FilePath(const char *P) : S(intern(std::string_view(P))) {}

  const std::string &str() const { return *S; }
  operator const std::string &() const { return *S; }
  const char *c_str() const { return S->c_str(); }
  bool empty() const { return S->empty(); }
  size_t size() const { return S->size(); }

  friend bool operator==(const FilePath &A, const FilePath &B) {
    return A.S == B.S;
  }
  friend bool operator!=(const FilePath &A, const FilePath &B) {
    return A.S != B.S;
  }
  friend bool operator<(const FilePath &A, const FilePath &B) {
    return A.S != B.S && *A.S < *B.S;
  }
  friend bool operator==(const FilePath &A, const std::string &B) {
    return *A.S == B;
  }
  friend bool operator!=(const FilePath &A, const std::string &B) {
    return *A.S != B;
  }
  friend bool operator==(const FilePath &A, const char *B) {
    return *A.S == B;
  }
  friend bool operator!=(const FilePath &A, const char *B) {
    return *A.S != B;
  }

private:
  static const std::string &empty_();
  static const std::string *intern(std::string_view P);
  const std::string *S;
};

struct Loc {
  FilePath File; ///< absolute, normalised path
  unsigned Line = 0;
  unsigned Col = 0;
  bool valid() const { return Line != 0; }
  friend bool operator<(const Loc &A, const Loc &B) {
    if (A.File != B.File)
      return A.File < B.File;
    if (A.Line != B.Line)
      return A.Line < B.Line;
    return A.Col < B.Col;
  }
  friend bool operator==(const Loc &A, const Loc &B) {
    return A.File == B.File && A.Line == B.Line && A.Col == B.Col;
  }
};

/// An object as a function sees it: what a member call's receiver, a
/// reference argument or a member lock's owner is. Base says where the
/// object starts: "global:<key>" (a global, static member, function-local
/// static, or a singleton "global:Class::get()"; never a thread_local),
/// "this" (the function's own object), "param:<i>" (what its i-th reference
/// or pointer parameter refers to) or "frame:<variable>:<function id>" (a
/// local object of that function, seen directly or captured by a lambda).
/// Path is the member path from there, as written: ".sub", ".owner_->mu";
/// a trailing "*" stands for the pointee of a pointer. Empty Base: unknown
/// (a heap object, a container element, a pointer local).
struct ObjectRef {
  std::string Base;
  std::string Path;
  std::string Name; ///< how Base is written: "table", "Registry::get()", "this"
  bool known() const { return !Base.empty(); }
};

struct FunctionFact {
  std::string Id;
  std::string Name; ///< human-readable, e.g. "Session::on_read"
  Loc Where;
  bool IsCoroutine = false;
  bool AnnotatedLoop = false; ///< [[clang::annotate("stallscan::event_loop")]]
  std::vector<std::string> Overrides; ///< ids of methods this one overrides
  /// For a lambda that captures `this`: the function whose `this` it is.
  std::string ThisOf;
  /// A body without loops or allocations: its number of statements (a
  /// call to it under a lock adds no more than that); -1 otherwise.
  int Straight = -1;
  /// Every path ends the process: by a noreturn call of its own, or by its
  /// last call to one of EndsVia, if each of those ends it too (a forwarder
  /// to an assertion handler: DeadBranches.h, endingCalls).
  bool Ends = false;
  std::vector<std::string> EndsVia;
};

/// A handler registered to run on an event loop (an async completion handler,
/// a libuv/libevent callback, a post to an io_context...).
struct RootFact {
  std::string Function;  ///< id of the handler
  std::string Api;       ///< the registering call, e.g. "uv_read_start"
  std::string Library;   ///< "asio", "libuv", "libevent", ...
  std::string Registrar; ///< id of the function containing the registration
  Loc Where;             ///< the handler argument at the registration
  /// How the handler was registered: "" passed to a call (Api); stored into
  /// a framework's callback field by a macro ("macro", Api: the macro, e.g.
  /// ev_io_init) or directly ("field", Api: the field); "override", an
  /// override of a framework's virtual method (Api: that method); "base",
  /// a constructor of a subclass of a framework class the runtime
  /// constructs (Api: that class); "symbol", a function the runtime calls
  /// by its name (Api: the name).
  std::string Via;
  /// The object a member function handler is bound to
  /// (`std::bind(&Server::onMessage, this, _1)`), named in the registrar.
  ObjectRef Receiver;
  /// A registration whose handler runs on its receiver's thread (the
  /// catalog's offload_if_moved: Qt's `connect(s, &S::sig, receiver, ...)`):
  /// the receiver's class. If the program moves objects of that class to
  /// another thread (TUSummary::MovedClasses of any unit), the handler runs
  /// there: an offload, not a loop root.
  std::string ReceiverClass;
  /// The handler runs only while its loop has nothing else to do (the
  /// catalog's "idle": libhv's hidle_add, GLib's g_idle_add, libev's idle
  /// watchers): on the loop, but not a request entry point.
  bool Idle = false;
  /// Registered as a timer's callback (a timeout, a periodic tick): on the
  /// loop, but not a request entry point either; catalog "timer".
  bool Timer = false;
};

/// The key of a runtime's lock that the catalog names (the Python GIL):
/// no variable of the program is that lock.
inline std::string namedLockKey(const std::string &Name) {
  return "global:@" + Name;
}
inline bool isNamedLockKey(std::string_view Key) {
  return Key.substr(0, 8) == "global:@";
}

/// A function a runtime calls with one of its locks held, on the caller's
/// thread: a CPython extension's exported function runs under the GIL
/// (a PyMethodDef table's ml_meth, a tp_* slot, a pybind11 `m.def`).
struct EntryLockFact {
  std::string Function;  ///< id of the function entered with the lock held
  std::string Lock;      ///< the lock's key: "global:@the Python GIL"
  std::string Name;      ///< the lock's name: "the Python GIL"
  std::string Api;       ///< the registration: "pybind11::module_::def",
                         ///< "PyMethodDef::ml_meth"
  std::string Export;    ///< the name it is exported as: "mymod.fetch"
  std::string Registrar; ///< id of the function containing the registration
  Loc Where;             ///< the handler at the registration
};

/// A lock certainly held at a program point.
struct HeldLockFact {
  std::string Lock; ///< stable key: "Class::field", "global", "local:..."
  std::string Name; ///< as written: "stats_mutex_", "g_lock"
  Loc Acquired;
  bool Shared = false;
  /// The lock as a member of an object (Path ends with the lock's member),
  /// when Lock is a member lock whose object is known in this function.
  ObjectRef Object;
  /// No other thread can hold or wait for it here: a member of the object
  /// being destroyed, taken in its destructor after the destructor joined a
  /// thread (the threads that used the object are gone; any other user
  /// would be using a destroyed object).
  bool Private = false;
};

/// A lock passed to a reference or pointer parameter at a call site.
struct LockArgFact {
  unsigned Index = 0;
  std::string Lock; ///< the caller's key
  std::string Name;
};

/// An object passed to a reference or pointer parameter at a call site.
struct ArgObjectFact {
  unsigned Index = 0;
  ObjectRef Object;
};

struct CallFact {
  std::string Caller;
  std::string Callee;
  Loc Where;
  bool Virtual = false;  ///< may dispatch to any overrider of Callee
  bool Callback = false; ///< callee passed as a value that may be invoked
  int Reactor = -1;      ///< index into ReactorFacts when inside a reactor loop
  std::vector<HeldLockFact> Held; ///< locks held across the call
  /// Locks passed to reference or pointer parameters: named directly
  /// (`f(g_mu)`, `f(&s->mu)`) or held by a guard passed (`f(lock)`).
  std::vector<LockArgFact> LockArgs;
  /// Locks this function does not hold here because it released them
  /// itself on every path to the call, without taking them again: a
  /// caller's lock (a "param:" key, or a global's) given up before the call.
  std::vector<std::string> Released;
  /// Callback: the function value is argument PassedIndex of a call to the
  /// analysed function PassedTo; if that function only stores its parameter
  /// (StoredParamFact), this is a registration, not a call.
  std::string PassedTo;
  unsigned PassedIndex = 0;
  ObjectRef Receiver; ///< the object a member call is made on
  /// Objects passed to reference or pointer parameters of class type.
  std::vector<ArgObjectFact> ArgObjects;
  /// Made on a branch that only ends the process (DeadBranches.h): not a
  /// call edge; it tells the analysis that the callee runs on the way out.
  bool Exit = false;
  /// Made after the caller's event-loop runner returned (outside any loop
  /// around the runner call): shutdown, when the caller drives the loop.
  bool AfterLoop = false;
  /// Made on a branch that handles a failed call (its condition reads
  /// errno, DeadBranches.h): it runs, but not on a request's common path.
  bool Cold = false;
  /// Made on a branch that reports a failed call (DeadBranches.h,
  /// onFailureReport: `if (pthread_sigmask(...)) log(strerror(errno));`):
  /// also Cold, and not made under the locks its caller holds for
  /// lock-held-while-blocking.
  bool Report = false;
  /// What the caller knows of its scalar arguments, one comma-separated
  /// item per argument up to the last one known: "z" a constant zero
  /// (`false`, `0`, `NULL`, an enumerator of value 0), "p<N>" the caller's
  /// own parameter N passed on unchanged (a scalar, or a string object
  /// copied or converted), "n" a path on a pseudo-filesystem or device the
  /// catalog exempts ("/proc/self/stat", a buffer formatted with
  /// "/proc/%d/exe"), "" unknown. Empty when none is known. Read against
  /// BlockingFact::GuardParam and PathParam.
  std::string Args;
};

struct BlockingFact {
  std::string Caller;
  std::string Api;  ///< catalog name that matched, e.g. "sqlite3_exec"
  std::string Kind; ///< sleep, file, net, dns, db, http, process, sync-wait...
  std::string Alternative;
  Loc Where;
  bool RawSocket =
      false; ///< socket I/O: normal in a reactor, not reported there
  std::string RequiresFileFd; ///< blocking only if this fd key holds a file
  int Reactor = -1;
  std::vector<HeldLockFact> Held;
  bool ReleasesLock = false; ///< a condition-variable wait: releases its mutex
  std::vector<std::string> Released; ///< as CallFact::Released
  /// The descriptor's key, for socket calls whose catalog entry names its
  /// descriptor argument: such a call on a descriptor made non-blocking
  /// (see TUSummary::NonBlockingFds) does not wait.
  std::string Fd;
  /// Inside a one-shot block: `if (!done) { ...; done = 1; }` on a static
  /// flag that the block sets and nothing resets: runs once per process.
  /// The name of the flag, else empty.
  std::string OnceFlag;
  /// Guarded by a parameter of Caller that the function never changes:
  /// `if (wait && pthread_join(t, 0))` runs only when `wait` is non-zero.
  /// Its index, else -1. A caller passing zero (CallFact::Args) does not
  /// reach the call.
  int GuardParam = -1;
  /// The path argument of a file call that exempts pseudo-filesystem paths
  /// is this parameter of Caller, passed on unchanged (`open(name.c_str())`
  /// in `ReadSmallFile(StringArg name)`). Its index, else -1. A caller
  /// passing such a path (CallFact::Args "n") does not reach the call.
  int PathParam = -1;
  /// Libraries whose handlers may make this call (catalog `allowed_in`):
  /// reported only where other loop roots reach it.
  std::vector<std::string> AllowedIn;
  /// Made on a branch that reports a failed call (CallFact::Report): no
  /// lock held there is blamed for it.
  bool Report = false;
  bool NonBlocking = false; ///< decided at link, not serialised
};

/// A call through a function pointer held in a struct field or a global:
/// it may reach any function stored into that same storage.
struct IndirectCallFact {
  std::string Caller;
  std::string Storage; ///< "field:Record::field" or "var:qualified::name"
  Loc Where;
  int Reactor = -1;
};

/// A function stored into a field or global (a command table, an ops struct).
struct AddressTakenFact {
  std::string Function;
  std::string Storage;
};

/// A parameter that its function only stores into a field or global (and
/// compares), never calls or passes on: `void hio_setcb_read(hio_t *io,
/// hread_cb cb) { io->read_cb = cb; }`. A function passed there is stored
/// into Storage, to be called later through it, not called by the callee.
/// Storage "offload:<api>": the parameter is only passed on as the work of
/// a catalogued offload (`napi_create_async_work(..., execute, ...)` in a
/// helper taking `execute`): a function passed there runs on a worker.
struct StoredParamFact {
  std::string Function;
  unsigned Index = 0;
  std::string Storage;
};

/// Work moved off the calling thread: not a call edge for loop reachability.
struct OffloadFact {
  std::string Caller;
  std::string Target;
  std::string Api;
  Loc Where;
  /// The API starts a thread whose body lives long (std::thread,
  /// pthread_create), not a task handed to a pool (std::async, a pool's
  /// submit): whether the body serves requests depends on how it is started.
  bool Thread = false;
  bool InLoop = false;       ///< started inside a loop: one of a pool
  bool PerConnection = false; ///< inside a loop that accepts connections
  ObjectRef Receiver; ///< as RootFact::Receiver (`std::thread(&S::run, &s)`)
  /// The thread's handle is one global or static variable
  /// (`pthread_create(&crawler_tid, ...)`): one such thread at a time, a
  /// background thread even when a request starts it.
  bool Singleton = false;
  /// The API runs the target when the process exits (the catalog's
  /// "at_exit": atexit, at_quick_exit), not concurrently with the caller:
  /// neither a request entry point nor a thread that shares its locks.
  bool AtExit = false;
};

/// A descriptor copied from one key to another: `c->fd = fd` (From the
/// local, To the field), an argument passed to an integer parameter (To
/// "param:<function>:<index>"), a returned descriptor (To "ret:<function>")
/// and a variable assigned from a call (From "ret:<callee>").
struct FdFlowFact {
  std::string From;
  std::string To;
};

/// A loop whose body waits for events (epoll_wait, poll, select...).
struct ReactorFact {
  std::string Function;
  std::string WaitApi;
  Loc Where; ///< the wait call
  /// One turn of a loop: the wait is outside any loop of Function, which
  /// then dispatches the ready events (its callers repeat it); the body is
  /// what follows the wait.
  bool Turn = false;
};

/// Starting an event loop: io_context::run, uv_run, event_base_dispatch.
struct RunnerFact {
  std::string Function;
  std::string Api;
  std::string Library;
  Loc Where;
};

/// A call to a database or HTTP client, synchronous or asynchronous
/// (architecture evidence: which style the code uses).
struct ClientCallFact {
  std::string Function;
  std::string Api;
  std::string Kind; ///< db, http
  bool Async = false;
  Loc Where;
};

/// A loop that accepts connections and hands each to a new thread or process.
struct ThreadPerConnectionFact {
  std::string Function;
  /// The accept call; for a catalogued thread-pool server (SpawnApi empty)
  /// the call that runs it; with SpawnApi "override", the framework method
  /// that Function overrides and that the framework runs per request on a
  /// pool thread of its own (gRPC's sync Service).
  std::string AcceptApi;
  std::string SpawnApi;
  Loc Where;
};

struct SuspendFact {
  std::string Function;
  std::string Op; ///< co_await, co_yield
  Loc Where;
  std::vector<HeldLockFact> Held;
};

/// One acquisition and what runs until its release, in this function.
struct CriticalSectionFact {
  std::string Function;
  HeldLockFact Lock;
  std::string Api;
  unsigned Statements = 0, Calls = 0, UserCalls = 0, Loops = 0, Allocations = 0;
  /// A lazy initialisation: the acquisition is guarded by a null test of a
  /// pointer that the section assigns (`if (!p) { lock; if (!p) p = make();
  /// unlock; }`): once the pointer is set the lock is no longer taken.
  bool Once = false;
};

/// Receives a summary's values in the shapes and order of its JSON (what
/// to_json makes), without the tree: writeSummaryValues.
class SummaryValueSink {
public:
  virtual ~SummaryValueSink();
  /// \p N key() and value pairs follow, then end().
  virtual void beginObject(size_t N) = 0;
  virtual void key(std::string_view K) = 0;
  /// \p N values follow, then end().
  virtual void beginArray(size_t N) = 0;
  virtual void end() = 0;
  virtual void string(std::string_view S) = 0;
  virtual void integer(int64_t V) = 0;
  virtual void unsignedInteger(uint64_t V) = 0;
  virtual void boolean(bool B) = 0;
  /// A location (Loc): by default the array [file, line, column] that its
  /// JSON is.
  virtual void location(std::string_view File, unsigned Line, unsigned Col);
};

struct TUSummary {
  std::string MainFile;
  std::vector<FunctionFact> Functions;
  std::vector<RootFact> Roots;
  std::vector<EntryLockFact> EntryLocks;
  std::vector<CallFact> Calls;
  std::vector<BlockingFact> Blocking;
  std::vector<OffloadFact> Offloads;
  std::vector<IndirectCallFact> IndirectCalls;
  std::vector<AddressTakenFact> AddressTaken;
  std::vector<StoredParamFact> StoredParams;
  std::vector<ReactorFact> Reactors;
  /// Loop waits called outside any loop of their function (a helper that
  /// waits, called from a loop elsewhere): no reactor, but a hint for the
  /// architecture verdict when no event loop is found.
  std::vector<ReactorFact> StrayWaits;
  /// Loops that wait on standard input and accept no connection (an
  /// interactive client's prompt loop, redis-cli's): not a server's reactor.
  std::vector<ReactorFact> ConsoleLoops;
  std::vector<RunnerFact> Runners;
  std::vector<ThreadPerConnectionFact> ThreadPerConnection;
  std::vector<ClientCallFact> ClientCalls;
  std::vector<SuspendFact> Suspends;
  std::vector<CriticalSectionFact> CriticalSections;
  /// Keys of file descriptors that were assigned from open()/creat() etc.
  std::vector<std::string> FileFds;
  /// Keys of descriptors made non-blocking (fcntl O_NONBLOCK, ioctl FIONBIO,
  /// socket/accept4 with SOCK_NONBLOCK), "param:<function>:<index>" when a
  /// function does it to its parameter.
  std::vector<std::string> NonBlockingFds;
  std::vector<FdFlowFact> FdFlows;
  /// Functions installed as handlers of crash signals only (SIGSEGV, SIGBUS,
  /// SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGTRAP): they run on the way out.
  std::vector<std::string> CrashHandlers;
  /// Functions a call of this unit declares not to return: the call is
  /// followed by `__builtin_unreachable()` (an assertion macro's
  /// `(fail(...), __builtin_unreachable())`).
  std::vector<std::string> NoReturn;
  /// Classes of the objects this unit moves to another thread (the
  /// catalog's thread_movers: `worker->moveToThread(&thread)`).
  std::vector<std::string> MovedClasses;
  /// Compiler errors seen while parsing; a TU with errors yields partial facts.
  std::vector<std::string> Errors;

  /// Sorts every list and drops exact duplicates, so equal inputs serialise to
  /// equal bytes.
  void normalise();
};

/// Gives \p S's values to \p Out as nlohmann::json(S) holds them.
void writeSummaryValues(const TUSummary &S, SummaryValueSink &Out);
/// The same without the facts of the functions \p Drop names (the facts of
/// forEachOwnedFactList's lists whose owner it returns true for), as
/// if they had been erased from a copy of \p S.
void writeSummaryValues(const TUSummary &S, SummaryValueSink &Out,
                        const std::function<bool(const std::string &)> &Drop);

/// Calls \p Do(&TUSummary::<list>, &<Fact>::<owner>) for every list of facts
/// that belong to one function, with the field naming that function: what
/// moves or goes with a function when summaries are merged or pruned.
template <typename Fn> void forEachOwnedFactList(Fn Do) {
  Do(&TUSummary::Functions, &FunctionFact::Id);
  Do(&TUSummary::Roots, &RootFact::Registrar);
  Do(&TUSummary::EntryLocks, &EntryLockFact::Registrar);
  Do(&TUSummary::Calls, &CallFact::Caller);
  Do(&TUSummary::Blocking, &BlockingFact::Caller);
  Do(&TUSummary::Offloads, &OffloadFact::Caller);
  Do(&TUSummary::IndirectCalls, &IndirectCallFact::Caller);
  Do(&TUSummary::StoredParams, &StoredParamFact::Function);
  Do(&TUSummary::Reactors, &ReactorFact::Function);
  Do(&TUSummary::StrayWaits, &ReactorFact::Function);
  Do(&TUSummary::ConsoleLoops, &ReactorFact::Function);
  Do(&TUSummary::Runners, &RunnerFact::Function);
  Do(&TUSummary::ThreadPerConnection, &ThreadPerConnectionFact::Function);
  Do(&TUSummary::ClientCalls, &ClientCallFact::Function);
  Do(&TUSummary::Suspends, &SuspendFact::Function);
  Do(&TUSummary::CriticalSections, &CriticalSectionFact::Function);
}

void to_json(nlohmann::json &J, const TUSummary &S);
/// Reads strictly (readSummary in SummaryReader.h): throws
/// SummaryFormatError, a nlohmann::json::exception, on malformed input.
void from_json(const nlohmann::json &J, TUSummary &S);
void to_json(nlohmann::json &J, const Loc &L);
void from_json(const nlohmann::json &J, Loc &L);

} // namespace stallscan

#endif
