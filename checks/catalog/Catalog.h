//===--- Catalog.h - API knowledge as data ----------------------*- C++ -*-===//
//
// What a library call means to stallscan (blocks, registers a loop handler,
// offloads work, waits for events, runs a loop, takes a lock) is data: JSON
// files compiled into the binary and extended by the user's config with the
// same schema. The extractor asks the catalog; it never hard-codes an API.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_CATALOG_CATALOG_H
#define STALLSCAN_CATALOG_CATALOG_H

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace stallscan {

enum class Section {
  Blocking,
  Registration,
  Offload,
  LoopWait,
  LoopRunner,
  Accept,
  Spawn,
  Lock,
  FileOpener, ///< calls whose result is a file descriptor (open, creat)
  Fork,       ///< calls returning 0 in a child process (fork, vfork, wrappers)
  Allocation, ///< calls that allocate (work inside a critical section)
  AsyncClient, ///< asynchronous database / HTTP client calls (evidence)
  SyncCaller,  ///< calls that call their callable arguments before returning
  /// struct fields whose stored function the framework calls (libev's
  /// `ev_io::cb`): a store there registers a handler
  HandlerField,
  /// framework virtual methods whose overrides the framework calls (gRPC
  /// reactors' `OnDone`, `QThread::run`): an override is a handler
  HandlerOverride,
  NonBlocking, ///< calls that make a descriptor non-blocking (fcntl O_NONBLOCK)
  /// calls that run a server serving each connection on a pool thread with
  /// blocking I/O (cpp-httplib's `Server::listen`): synchronous evidence
  ThreadPoolServer,
  /// functions a runtime calls by their symbol name (Node's
  /// `napi_register_module_v1`, which NAPI_MODULE_INIT defines): a
  /// definition in the analysed code is a handler on the loop
  EntryFunction,
  /// calls that move the object they are called on to another thread (Qt's
  /// `QObject::moveToThread`): registrations with `offload_if_moved` whose
  /// receiver is of that object's class run on that thread, not the loop
  ThreadMover,
  /// calls that stop an event loop (`uv_stop`, `EventLoop::quit`): a branch
  /// that ends in one is shutting the loop down, its calls run once
  LoopStopper,
};

/// An argument index; negative values count from the end (-1 is the last).
using ArgIndex = int;

struct ArgNameCondition {
  ArgIndex Index = 0;
  std::vector<std::string> Names; ///< identifiers the argument may name
};

struct ArgTypeCondition {
  ArgIndex Index = 0;
  std::vector<std::string> Types; ///< qualified type names (or prefixes + "::")
};

/// Blocking: not when the call's object is a future already resolved
/// (Seastar's future::get() on one returns at once).
struct ObjectReadyCondition {
  /// The object is a parameter of a callable written as an argument of one
  /// of these calls (then_wrapped passes its continuation the resolved
  /// future), or a capture moved from one.
  std::vector<std::string> ParamOf;
  /// The object's variable was tested with one of these methods: the call
  /// is inside `if (f.available())`, or after `if (!f.available())` whose
  /// branch leaves (return, throw, break, continue).
  std::vector<std::string> TestedBy;
  /// The call is in a function whose qualified name matches one of these
  /// globs (an awaiter's await_resume runs once the awaited work is done).
  std::vector<std::string> In;
  /// Tests whose true result means the object is NOT ready (libpq's
  /// `PQisBusy(conn)`: PQgetResult would wait): the call is inside
  /// `if (!busy(x))` / `while (!busy(x))`, or after `if (busy(x)) return;`.
  std::vector<std::string> BusyTestedBy;
  /// The object is the call's argument at this index (a C handle:
  /// `PQgetResult(conn)`), not the object a member is called on; the tests
  /// then are functions taking it first (`PQisBusy(conn)`) or its methods.
  std::optional<ArgIndex> Arg;
};

struct ArgBitsCondition {
  ArgIndex Index = 0;
  uint64_t Mask = 0; ///< any of these bits set in the (constant) argument
};

/// Selects an entry by the declaration of the function a name matched, for
/// overloads and generated methods that share one name (a gRPC stub's sync
/// `Say(ClientContext*, const Req&, Resp*)` and its async twins): every
/// part given must hold. Types are globs matched against the type as
/// written (typedef names kept) and its canonical form, both printed with
/// namespaces and without inline namespaces ("const hello::Req &").
struct SignatureCondition {
  /// One glob per declared parameter; the function has exactly as many,
  /// unless AnyMoreParams (a last "..." in the catalog).
  std::vector<std::string> Params;
  bool HasParams = false;
  bool AnyMoreParams = false;
  std::vector<std::string> Returns; ///< the return type matches one
  /// the function's class, or one of its bases, is one of these (globs of
  /// qualified names without template arguments)
  std::vector<std::string> ClassDerives;
};

struct CatalogEntry {
  Section Sect = Section::Blocking;
  std::string Kind;        ///< blocking kind, or lock op
  std::string Alternative; ///< what to do instead
  /// Blocking: not reported where only handlers registered by one of these
  /// libraries reach it (a seastar::thread may wait for a future).
  std::vector<std::string> AllowedIn;
  std::string Library;
  bool RawSocket = false;
  bool AllHandlers = false;
  /// handler_fields / handler_overrides: the handler runs off the loop (a
  /// worker thread), not on it.
  bool Offload = false;
  /// handler_overrides with Offload: the framework runs each override on a
  /// pool thread per request with blocking I/O (gRPC's sync `Service`):
  /// synchronous (thread-per-request) evidence, as thread_pool_servers are.
  bool ThreadPoolServer = false;
  /// The function's declaration must match (overloads of one name).
  std::optional<SignatureCondition> IfSignature;
  /// Registrations, offloads and handler_fields: only the handler arguments
  /// (or the stored callable) whose own signature matches are this entry's
  /// handlers, and without one the entry is not there for the call: one
  /// registration template taking any callable (libhv's
  /// `HttpService::GET(path, Handler)`) runs some callbacks on the loop and
  /// others on a pool, told apart by the callback's parameter types.
  /// ClassDerives is never set here.
  std::optional<SignatureCondition> IfHandlerSignature;
  /// handler_overrides: not when the overriding method's class is one of
  /// these (globs of qualified names): generated placeholders, such as the
  /// aborting overrides protoc's gRPC plugin writes in WithAsyncMethod_<Rpc>.
  std::vector<std::string> UnlessOverriderIn;
  std::vector<ArgIndex> Handlers;
  unsigned MinArgs = 0;
  std::optional<ArgNameCondition> UnlessArg;
  std::optional<ArgIndex> OnlyIfNullArg;
  std::optional<ArgIndex> OnlyIfFileFd;
  /// Not blocking when the stream argument is a local that only ever holds
  /// what an exempt open returned (`fopen("/dev/urandom", "r")`) or null.
  std::optional<ArgIndex> UnlessPseudoStream;
  std::optional<ArgIndex> UnlessZeroArg;
  /// Loop waits: the count of descriptors waited on. A constant zero waits
  /// on none (`select(0, NULL, NULL, NULL, &tv)`): a sleep, not a wait.
  std::optional<ArgIndex> FdCountArg;
  std::optional<ArgTypeCondition> OffloadIfArgType;
  /// Registrations: the handler runs on a private worker, off the loops
  /// that serve connections, when the call's object is the loop one of
  /// these calls returns for a field of the program's class (trantor's
  /// `worker_.getLoop()->queueInLoop(f)` on an EventLoopThread member),
  /// directly or through a variable set from one earlier in the function,
  /// and the translation unit never hands that field's loop to another call
  /// (a TcpClient would do I/O on it).
  std::vector<std::string> OffloadIfObjectFrom;
  /// Registrations: the arguments that may be the handler's receiver (Qt's
  /// `connect(sender, &S::sig, receiver, &R::slot)`: 2); when the first
  /// that is an object is of a class that a thread_movers call moves to
  /// another thread anywhere in the program, the handlers run there: an
  /// offload (RootFact::ReceiverClass). A string handler names a method of
  /// the receiver (`SLOT(onRead())`).
  std::vector<ArgIndex> OffloadIfMoved;
  std::optional<ArgTypeCondition> UnlessArgType;
  /// Not blocking when the argument is (the address of) a field of an object
  /// of one of these types: hiredis's redisGetReply(&ac->c) on the context
  /// inside a redisAsyncContext only parses what was already read.
  std::optional<ArgTypeCondition> UnlessArgMemberOf;
  std::optional<ArgBitsCondition> UnlessArgBits;
  std::optional<ObjectReadyCondition> UnlessObjectReady;
  std::optional<ArgIndex> LockArg; ///< cv-wait: the lock released while waiting
  /// Locks: the lock the op acts on, named by the entry ("the Python GIL"),
  /// instead of an argument or the object.
  std::string NamedLock;
  /// Registrations and handler_fields: the handler is entered with this
  /// named lock held (a CPython extension's exported function, under the
  /// GIL), on the caller's thread: not a loop root.
  std::string Holds;
  /// With Holds: the argument (registrations) or sibling field in the same
  /// initializer (handler_fields) that holds the handler's exported name.
  std::optional<ArgIndex> NameArg;
  std::string NameField;
  /// With Holds: not when any argument's type, printed with its template
  /// arguments, matches one of these globs (pybind11's
  /// `py::call_guard<py::gil_scoped_release>()`).
  std::vector<std::string> UnlessAnyArgType;
  /// Registrations: the handler runs only while the loop has nothing else
  /// to do (RootFact::Idle): on the loop, not a request entry point.
  bool Idle = false;
  /// Registrations: the handler runs when a timer expires (RootFact::Timer):
  /// on the loop, not a request entry point. With TimerIfFdArg, only when
  /// that argument (a descriptor) is a negative constant: libevent's
  /// `evtimer_set(ev, cb, arg)` is `event_set(ev, -1, 0, cb, arg)`.
  bool Timer = false;
  std::optional<ArgIndex> TimerIfFdArg;
  /// Offload: the API starts a long-lived thread (its body's start decides
  /// whether it serves requests), not a task for a pool.
  bool Thread = false;
  /// Offload: awaited at a coroutine's start (`co_await tp.schedule()`),
  /// the call moves the rest of the coroutine onto the pool.
  bool Resumes = false;
  /// Offload: the API runs its handler when the process exits (atexit),
  /// not concurrently with anything: on the way out.
  bool AtExit = false;
  /// Blocking socket calls and non-blocking setters: the descriptor argument;
  /// a setter's FdIsResult: the descriptor it returns (socket, accept4).
  std::optional<ArgIndex> FdArg;
  bool FdIsResult = false;
  /// Non-blocking setters: only when an argument has these bits (a constant,
  /// or a constant or-ed into it: `flags | O_NONBLOCK`) or equals a value.
  std::optional<ArgBitsCondition> IfArgBits;
  std::optional<ArgBitsCondition> IfArgValue; ///< Mask holds the value
};

struct CatalogMatch {
  const CatalogEntry *Entry;
  std::string Name; ///< the catalog name that matched
};

class Catalog {
public:
  Catalog();
  ~Catalog();
  Catalog(Catalog &&);
  Catalog &operator=(Catalog &&);

  /// The built-in catalog (the JSON files under checks/catalog/).
  static const Catalog &builtin();
  /// A copy of the built-in catalog, to be extended by a user config.
  static Catalog builtinCopy();

  /// Adds the entries of one catalog document. Throws std::runtime_error with
  /// a path-like description ("blocking[3].names") on schema errors.
  void merge(const nlohmann::json &Doc, const std::string &Origin);

  /// All entries of a section matching any of the given qualified names; the
  /// first name that matches wins for each entry.
  std::vector<CatalogMatch> lookup(Section S,
                                   const std::vector<std::string> &Names) const;

  /// Namespaces whose async_* functions take a completion handler last.
  const std::vector<std::string> &asyncNamespaces() const {
    return AsyncNamespaces;
  }
  const std::string &asyncLibrary() const { return AsyncLibrary; }
  /// The absolute paths that unless_arg conditions exempt ("/dev/null",
  /// "/proc/*"): pseudo-filesystems and devices that never wait.
  const std::vector<std::string> &pseudoPaths() const { return PseudoPaths; }

  /// Hash of everything loaded, part of every cache key.
  uint64_t fingerprint() const { return Fingerprint; }
  size_t size() const { return Entries.size(); }

private:
  void addEntry(Section S, const nlohmann::json &E, const std::string &Where);

  std::vector<std::unique_ptr<CatalogEntry>> Entries;
  std::map<std::pair<Section, std::string>, std::vector<const CatalogEntry *>>
      Exact;
  struct Glob {
    Section Sect;
    std::string Pattern;
    const CatalogEntry *Entry;
  };
  std::vector<Glob> Globs;
  std::vector<std::string> AsyncNamespaces;
  std::string AsyncLibrary;
  std::vector<std::string> PseudoPaths;
  uint64_t Fingerprint = 0;
};

/// Simple glob: '*' matches any run of characters, '?' one character.
bool globMatch(const std::string &Pattern, const std::string &Text);

} // namespace stallscan

#endif
