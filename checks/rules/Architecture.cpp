//===--- Architecture.cpp - Synchronous / asynchronous verdict ------------===//
//
// Asynchronous evidence: event-loop runners, registered handlers, coroutines,
// reactor loops. Synchronous evidence: a thread (or process) per accepted
// connection, and thread bodies (offload targets) that do socket I/O
// themselves on descriptors not known to be non-blocking. Both kinds
// present makes a hybrid; neither, unknown. Code whose only entries are
// functions a host runtime calls (a CPython extension's exports, entered
// holding the GIL) is an extension module; for it, and for handlers on a
// loop the code does not run itself (a Node.js addon), the evidence says
// which of those functions block and which are safe to call.
//
//===----------------------------------------------------------------------===//
#include "rules/Architecture.h"
#include "analysis/Program.h"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>

namespace stallscan {

static std::string plural(int N, const std::string &One) {
  return std::to_string(N) + " " + One + (N == 1 ? "" : "s");
}

/// No event loop was recognised. A loop wait called outside any loop of its
/// function (a wrapper such as `int poll_once() { return epoll_wait(...); }`,
/// called from the real loop elsewhere) is the usual reason: name it, and its
/// callers, and say how to teach the loop. Without one, point at the catalog.
static void teachHint(const Program &P,
                      const std::function<bool(const Loc &)> &In,
                      ArchitectureVerdict &V) {
  // The loop's wait is the one whose function hands what it waited for to
  // handlers through pointers (nginx's `rev->handler(rev)` after
  // `epoll_wait`), not a start-up probe that waits once; then the first.
  const ReactorFact *Wait = nullptr;
  bool WaitDispatches = false;
  for (const ReactorFact &W : P.StrayWaits) {
    int F = P.find(W.Function);
    if (!In(W.Where) || F < 0)
      continue;
    bool Dispatches = std::any_of(
        P.Calls[F].begin(), P.Calls[F].end(),
        [&](const Edge &E) { return E.Indirect && W.Where < E.Where; });
    if (!Wait || (Dispatches && !WaitDispatches)) {
      Wait = &W;
      WaitDispatches = Dispatches;
    }
  }
  if (!Wait) {
    bool Console = std::any_of(
        P.ConsoleLoops.begin(), P.ConsoleLoops.end(),
        [&](const ReactorFact &C) { return In(C.Where); });
    if (V.Verdict == "unknown" && Console)
      V.Hint = "the only loop that waits for events is an interactive "
               "client's prompt on standard input: this code looks like a "
               "client tool, not a server";
    else if (V.Verdict == "unknown")
      V.Hint = "no event-loop runner, handler registration or loop waiting "
               "in a catalogued call was seen; if the server runs on a "
               "framework stallscan does not know, teach it its loop runner, "
               "handler registrations and waits in .stallscan.json "
               "(docs/catalog.md)";
    return;
  }
  int F = P.find(Wait->Function);
  std::set<std::string> Callers;
  bool Direct = false; // some caller calls it by name
  for (size_t C = 0; C < P.Calls.size(); ++C)
    for (const Edge &E : P.Calls[C])
      if (E.To == F) {
        Callers.insert(P.Functions[C].Name);
        Direct |= !E.Indirect;
      }
  // The first three callers by name, then how many more.
  std::string From;
  size_t Named = 0;
  for (const std::string &C : Callers) {
    if (Named == 3)
      break;
    From += (Named++ ? ", '" : "'") + C + "'";
  }
  if (Callers.size() > Named)
    From += " and " + std::to_string(Callers.size() - Named) + " more";
  const std::string &Name = P.Functions[F].Name;
  // A loop wait is recognised where a loop calls it by name: one reached
  // only through a function pointer is taught by its caller (nginx's
  // `ngx_process_events_and_timers`, which its worker's `for (;;)` calls).
  std::string Teach = Name;
  if (!Direct && Callers.size() == 1) {
    Teach = *Callers.begin();
    From += " through a function pointer";
  }
  V.Hint = "no event loop was recognised, but '" + Wait->WaitApi +
           "' is called in '" + Name + "' outside any loop of its own" +
           (From.empty() ? "" : ", from " + From) +
           "; if a loop that calls '" + Teach +
           "' is the event loop, declare it a loop wait in .stallscan.json: "
           "{\"catalog\": {\"loop_waits\": [{\"names\": [\"" +
           Teach + "\"]}]}} (docs/catalog.md)";
  V.HintWhere = Wait->Where;
}

/// Names for an evidence line, each once (template instances share one):
/// the first few, then how many more.
static std::string someNames(std::vector<std::string> Names) {
  std::sort(Names.begin(), Names.end());
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  std::string Out;
  size_t Shown = 0;
  for (const std::string &N : Names) {
    if (Shown == 6)
      break;
    Out += (Shown++ ? ", '" : "'") + N + "'";
  }
  if (Names.size() > Shown)
    Out += " and " + std::to_string(Names.size() - Shown) + " more";
  return Out;
}

/// Whether a function the runtime enters holding the lock \p Key blocks
/// before giving it up: over call edges made while the lock is still held
/// (not after the function released it on every path), to a blocking site
/// not past a release either, as the lock analysis follows an entry lock.
static bool blocksHolding(const Program &P, int Entry, const std::string &Key) {
  std::vector<bool> Seen(P.Functions.size());
  std::vector<int> Work{Entry};
  Seen[Entry] = true;
  std::map<std::string, std::vector<const BlockingFact *>> SitesOf;
  for (const BlockingFact &B : P.Blocking)
    SitesOf[B.Caller].push_back(&B);
  auto Released = [&](const std::vector<std::string> &Rs) {
    return std::find(Rs.begin(), Rs.end(), Key) != Rs.end();
  };
  while (!Work.empty()) {
    int F = Work.back();
    Work.pop_back();
    for (const BlockingFact *B : SitesOf[P.Functions[F].Id])
      if (!B->NonBlocking && B->Kind != "fd" && !Released(B->Released))
        return true;
    for (const Edge &E : P.Calls[F]) {
      if (E.Indirect || E.Registration || Seen[E.To])
        continue;
      if (E.LockInfo >= 0 && Released(P.CallLocks[E.LockInfo].Released))
        continue;
      Seen[E.To] = true;
      Work.push_back(E.To);
    }
  }
  return false;
}

/// Code a host runtime calls, for the verdict to say which of its entry
/// points are safe to call from a request: handlers on an event loop the
/// code does not run itself (a Node.js addon's exports on Node's loop), and
/// functions the runtime enters holding its lock (a CPython extension's
/// exports under the GIL). Returns how many of each there are.
static std::pair<int, int>
describeHostedEntries(const Program &P, const EntryPoints &E, bool HostLoop,
                      const std::function<bool(const Loc &)> &In,
                      ArchitectureVerdict &V) {
  auto FnIn = [&](int F) { return F >= 0 && In(P.Functions[F].Where); };
  int LoopEntries = 0, LockEntries = 0;
  if (HostLoop) {
    std::set<int> Fns;
    for (const auto &Rt : P.Roots)
      if (int F = P.find(Rt.Function); FnIn(F))
        Fns.insert(F);
    std::vector<std::string> Stall, Safe;
    for (int F : Fns)
      (E.MayBlock[F] ? Stall : Safe).push_back(P.Functions[F].Name);
    LoopEntries = static_cast<int>(Fns.size());
    if (!Stall.empty())
      V.Items.push_back({"exports",
                         plural(static_cast<int>(Stall.size()),
                                "function") +
                             " the host's event loop calls stall it: " +
                             someNames(Stall)});
    if (!Safe.empty())
      V.Items.push_back({"exports",
                         plural(static_cast<int>(Safe.size()), "function") +
                             " the host's event loop calls reach no blocking "
                             "call: " +
                             someNames(Safe) +
                             " (safe to call from a request handler, unless "
                             "they compute for long)"});
  }
  // Per lock: the exports that block holding it, and those that do not.
  std::map<std::string, std::pair<std::vector<std::string>,
                                  std::vector<std::string>>> ByLock;
  std::set<std::string> Seen;
  for (const EntryLockFact &En : P.EntryLocks) {
    int F = P.find(En.Function);
    if (!FnIn(F) || !Seen.insert(En.Function + "\n" + En.Lock).second)
      continue;
    ++LockEntries;
    auto &[Hold, Free] = ByLock[En.Name];
    std::string Name = En.Export.empty() ? P.Functions[F].Name : En.Export;
    (blocksHolding(P, F, En.Lock) ? Hold : Free).push_back(Name);
  }
  for (auto &[Lock, Lists] : ByLock) {
    auto &[Hold, Free] = Lists;
    if (!Hold.empty())
      V.Items.push_back(
          {"exports", plural(static_cast<int>(Hold.size()), "function") +
                          " entered holding " + Lock +
                          " block while holding it: " + someNames(Hold)});
    if (!Free.empty())
      V.Items.push_back(
          {"exports", plural(static_cast<int>(Free.size()), "function") +
                          " entered holding " + Lock +
                          " give it up around any blocking call: " +
                          someNames(Free)});
  }
  V.Counts["hosted_loop_entries"] = LoopEntries;
  V.Counts["lock_entries"] = LockEntries;
  return {LoopEntries, LockEntries};
}

ArchitectureVerdict
classifyArchitecture(const Program &P, const LoopReachability &R,
                     const EntryPoints &E,
                     const std::function<bool(const Loc &)> &Filter) {
  auto In = [&](const Loc &L) { return !Filter || Filter(L); };
  auto FnIn = [&](const std::string &Id) {
    int F = P.find(Id);
    return F >= 0 && In(P.Functions[F].Where);
  };
  ArchitectureVerdict V;
  auto Add = [&](const std::string &Kind, std::string Msg, Loc Where = {}) {
    V.Items.push_back({Kind, std::move(Msg), std::move(Where)});
  };

  // Loop runners, grouped by API.
  std::map<std::string, std::vector<const RunnerFact *>> Runners;
  int RunnerCount = 0;
  for (const auto &Ru : P.Runners)
    if (In(Ru.Where)) {
      Runners[Ru.Api].push_back(&Ru);
      ++RunnerCount;
    }
  for (const auto &[Api, Rs] : Runners)
    Add("loop-runner",
        "'" + Api + "' runs an event loop (" +
            plural(static_cast<int>(Rs.size()), "call") + ")",
        Rs.front()->Where);

  std::map<std::string, std::set<std::string>> HandlersByLib;
  for (const auto &Rt : P.Roots)
    if (FnIn(Rt.Function))
      HandlersByLib[Rt.Library.empty() ? "custom" : Rt.Library].insert(
          Rt.Function);
  int Handlers = 0;
  for (const auto &[Lib, Fns] : HandlersByLib) {
    Handlers += static_cast<int>(Fns.size());
    Add("handlers", plural(static_cast<int>(Fns.size()), Lib + " handler") +
                        " registered on an event loop");
  }
  int Coroutines = 0;
  for (const auto &Rt : R.Roots)
    if (Rt.K == LoopRoot::Coroutine && In(Rt.Where))
      ++Coroutines;
  if (Coroutines)
    Add("coroutines",
        plural(Coroutines, "coroutine") + " run on the event loop");
  int ReactorCount = 0;
  for (const auto &Re : P.Reactors) {
    if (!In(Re.Where))
      continue;
    ++ReactorCount;
    const std::string &Name = P.Functions[P.find(Re.Function)].Name;
    Add("reactor",
        Re.Turn ? "'" + Name + "' waits in '" + Re.WaitApi +
                      "' and dispatches the ready events (one turn of a "
                      "hand-written reactor, repeated by its callers)"
                : "a loop in '" + Name + "' waits in '" + Re.WaitApi +
                      "' (a hand-written reactor)",
        Re.Where);
  }
  for (const LoopRoot &Rt : R.Roots)
    if (Rt.Function >= 0 && Rt.K != LoopRoot::Reactor &&
        In(P.Functions[Rt.Function].Where)) {
      ++V.EntryPoints;
      V.NonBlockingEntryPoints += !E.MayBlock[Rt.Function];
    }

  // A prompt loop waiting on standard input is a client's, not a server's
  // event loop: named, so the reader sees it was weighed, but no evidence
  // of either design.
  for (const auto &C : P.ConsoleLoops)
    if (In(C.Where))
      if (int F = P.find(C.Function); F >= 0)
        Add("console-loop",
            "a loop in '" + P.Functions[F].Name + "' waits in '" + C.WaitApi +
                "' on standard input (an interactive client's prompt, not a "
                "server's event loop; not counted)",
            C.Where);

  std::set<std::string> SeenTpc;
  for (const auto &T : P.ThreadPerConnection)
    if (In(T.Where) && SeenTpc.insert(T.Function + T.SpawnApi).second) {
      int F = P.find(T.Function);
      std::string Name = F >= 0 ? P.Functions[F].Name : T.Function;
      // No spawn of the program's own: a catalogued thread-pool server.
      Add("thread-per-connection",
          T.SpawnApi == "override"
              ? "'" + Name + "' overrides '" + T.AcceptApi +
                    "', which the framework runs per request on a pool "
                    "thread with blocking I/O"
          : T.SpawnApi.empty()
              ? "'" + Name + "' runs '" + T.AcceptApi +
                    "', which serves each connection on a pool thread with "
                    "blocking I/O"
              : "'" + Name + "' accepts with '" + T.AcceptApi +
                    "' and starts '" + T.SpawnApi + "' per connection",
          T.Where);
    }

  // Thread bodies that do blocking socket I/O (a pool of blocking workers).
  // Only the socket API counts: a write() to a wakeup pipe is no evidence,
  // nor is I/O on a descriptor made non-blocking (a reactor core's accept
  // and recv, driven by readiness).
  int BlockingWorkers = 0;
  const BlockingFact *Example = nullptr;
  for (const auto &B : P.Blocking)
    if (B.RawSocket && B.Kind == "net" && !B.NonBlocking && B.Reactor < 0 &&
        In(B.Where))
      if (int F = P.find(B.Caller);
          F >= 0 && E.FromOffload[F] && !R.reached(F)) {
        ++BlockingWorkers;
        if (!Example)
          Example = &B;
      }
  if (Example)
    Add("blocking-worker",
        plural(BlockingWorkers, "blocking socket call") +
            " on worker threads, e.g. '" + Example->Api + "'",
        Example->Where);

  // Which client style the code uses: synchronous database / HTTP calls
  // against their asynchronous twins.
  int SyncClients = 0, AsyncClients = 0;
  std::map<std::string, int> SyncByKind;
  std::set<std::tuple<Loc, std::string>> SeenClients;
  for (const auto &C : P.ClientCalls)
    if (In(C.Where) && SeenClients.insert({C.Where, C.Api}).second) {
      if (C.Async) {
        ++AsyncClients;
      } else {
        ++SyncClients;
        ++SyncByKind[C.Kind];
      }
    }
  if (SyncClients || AsyncClients) {
    std::string Kinds;
    for (const auto &[K, N] : SyncByKind)
      Kinds += (Kinds.empty() ? "" : ", ") + K + " " + std::to_string(N);
    Add("clients", plural(SyncClients, "synchronous client call") +
                       (Kinds.empty() ? "" : " (" + Kinds + ")") + " and " +
                       plural(AsyncClients, "asynchronous client call"));
  }
  bool Async =
      !Runners.empty() || Handlers > 0 || Coroutines > 0 || ReactorCount > 0;
  bool Sync = !SeenTpc.empty() || BlockingWorkers > 0;
  // Handlers with no loop runner or reactor here run on a host's loop.
  bool HostLoop = Handlers > 0 && Runners.empty() && ReactorCount == 0;
  V.Counts = {{"loop_runners", RunnerCount},
              {"handlers", Handlers},
              {"coroutines", Coroutines},
              {"reactor_loops", ReactorCount},
              {"thread_per_connection", static_cast<int>(SeenTpc.size())},
              {"blocking_worker_calls", BlockingWorkers},
              {"sync_client_calls", SyncClients},
              {"async_client_calls", AsyncClients}};
  auto [HostedLoop, LockEntries] = describeHostedEntries(P, E, HostLoop, In, V);
  if (!Async && SeenTpc.empty() && LockEntries > 0) {
    // An extension module: no loop and no connections of its own, only
    // functions its host enters (its threads, if any, are its callers').
    V.Verdict = "extension";
    V.Reason = "no event loop or connection handling of its own: " +
               plural(LockEntries, "function") +
               " run on their callers' threads, entered holding the host "
               "runtime's lock (an extension module)";
    return V;
  }
  if (Async && Sync) {
    V.Verdict = "hybrid";
    V.Reason = "event-loop code and thread-per-connection or blocking worker "
               "code are both present";
  } else if (Async && HostLoop && Coroutines == 0) {
    V.Verdict = "asynchronous";
    V.Reason = "its " + plural(HostedLoop, "handler") +
               " run on an event loop it does not run itself (a host's, as "
               "a native addon's run on Node's) and no thread-per-connection "
               "pattern was found";
  } else if (Async) {
    V.Verdict = "asynchronous";
    V.Reason = "requests are served by event loops (" +
               plural(Handlers, "handler") + ", " +
               plural(Coroutines, "coroutine") + ", " +
               plural(ReactorCount, "reactor loop") +
               ") and no thread-per-connection pattern was found";
  } else if (Sync) {
    V.Verdict = "synchronous";
    V.Reason = "connections are served by threads doing blocking I/O and no "
               "event loop was found";
  } else {
    V.Verdict = "unknown";
    V.Reason = "neither an event loop nor a thread-per-connection pattern was "
               "found";
  }
  if (!Async)
    teachHint(P, In, V);
  return V;
}

std::vector<ComponentVerdict>
classifyComponents(const Program &P, const LoopReachability &R,
                   const EntryPoints &E,
                   const std::vector<std::string> &AllMainFiles,
                   const std::map<std::string, TUOrigin> &Origins) {
  // Generated TUs (in their build folder, beside sources of the same target
  // outside it) and the source they join: the target's first other file.
  auto InBuildDir = [&](const std::string &F) {
    auto It = Origins.find(F);
    if (It == Origins.end() || It->second.Target.empty() ||
        It->second.BuildDir.empty())
      return false;
    const std::string &B = It->second.BuildDir;
    return F.size() > B.size() && F.compare(0, B.size(), B) == 0 &&
           F[B.size()] == '/';
  };
  std::map<std::string, std::string> SourceOfTarget;
  for (const auto &F : AllMainFiles)
    if (auto It = Origins.find(F);
        It != Origins.end() && !It->second.Target.empty() && !InBuildDir(F))
      SourceOfTarget.emplace(It->second.Target, F);
  std::map<std::string, std::string> JoinsFileOf; // generated -> a source
  std::vector<std::string> MainFiles;
  for (const auto &F : AllMainFiles) {
    if (InBuildDir(F))
      if (auto S = SourceOfTarget.find(Origins.at(F).Target);
          S != SourceOfTarget.end()) {
        JoinsFileOf[F] = S->second;
        continue;
      }
    MainFiles.push_back(F);
  }
  // The common folder of all main files; components are its subfolders.
  std::string Common;
  bool First = true; // an empty Common is "/", not unset
  for (const auto &F : MainFiles) {
    std::string Dir = F.substr(0, F.rfind('/'));
    if (First) {
      Common = Dir;
      First = false;
      continue;
    }
    while (!Common.empty() && Dir.compare(0, Common.size(), Common) != 0)
      Common = Common.substr(0, Common.rfind('/'));
    if (Dir.size() > Common.size() && Dir[Common.size()] != '/')
      Common = Common.substr(0, Common.rfind('/'));
  }
  std::set<std::string> Names;
  for (const auto &F : MainFiles) {
    if (F.size() <= Common.size() + 1)
      continue;
    std::string Rest = F.substr(Common.size() + 1);
    size_t Slash = Rest.find('/');
    Names.insert(Slash == std::string::npos ? "." : Rest.substr(0, Slash));
  }
  std::vector<ComponentVerdict> Out;
  if (Names.size() < 2)
    return Out; // one component: the project verdict says it all
  for (const auto &N : Names) {
    ComponentVerdict C;
    C.Name = N;
    C.Root = N == "." ? Common : Common + "/" + N;
    std::string Prefix = C.Root + "/";
    auto InFolder = [&](const std::string &F) {
      if (N == ".")
        return F.compare(0, Common.size() + 1, Common + "/") == 0 &&
               F.find('/', Common.size() + 1) == std::string::npos;
      return F.compare(0, Prefix.size(), Prefix) == 0;
    };
    // The folders of this component's generated files, with what they
    // include from there (moc's per-file outputs, protoc's headers).
    std::set<std::string> Joined;
    for (const auto &[Gen, Src] : JoinsFileOf)
      if (InFolder(Src))
        Joined.insert(Gen.substr(0, Gen.rfind('/') + 1));
    auto In = [&](const Loc &L) {
      if (InFolder(L.File.str()))
        return true;
      for (const std::string &D : Joined)
        if (L.File.str().compare(0, D.size(), D) == 0)
          return true;
      return false;
    };
    C.Verdict = classifyArchitecture(P, R, E, In);
    Out.push_back(std::move(C));
  }
  return Out;
}

} // namespace stallscan
