//===--- LockChecks.cpp - The scalability checks --------------------------===//
//
// All three read lock facts computed per function on the CFG (held sets at
// calls, blocking sites and suspensions; critical-section contents) and the
// program-wide LockReachability / EntryPoints; none walks the AST.
//
//===----------------------------------------------------------------------===//
#include "rules/LockChecks.h"
#include "analysis/Program.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <tuple>

namespace stallscan {

/// A member lock's name after its object, where the function that holds it
/// can only mean one program-wide object (`table.mu_` for `mu_` locked in
/// SessionTable::touch, called only as `table.touch()`); else as written.
static std::string lockName(const HeldLockFact &H, int Fn,
                            const EntryPoints &E) {
  if (!H.Object.known() || Fn < 0)
    return H.Name;
  ObjectSet S = E.Objects.resolve(H.Object, Fn);
  if (S.Unknown || S.Objects.size() != 1)
    return H.Name;
  return S.Objects.front().Name;
}

static std::string acquiredNote(const HeldLockFact &H) {
  if (isNamedLockKey(H.Lock))
    return H.Name + " acquired here";
  return std::string("lock '") + H.Name + "' acquired here" +
         (H.Shared ? " (shared)" : "");
}

/// Whether the lock's witness path into F passes the exempt value for the
/// parameter a call depends on: a zero for a guard (`stop(NOWAIT)`), a
/// pseudo-filesystem path for a path (`readFile("/proc/self/stat")` under
/// the lock). Every call the witness's caller makes to the function must
/// pass it, or pass on its own parameter, followed up the witness path the
/// same way; other paths that carry the lock are not tried.
static bool witnessPassesExempt(const Program &P, const LockReachability &L,
                                int F, int Reach, int Param,
                                llvm::StringRef Exempt) {
  for (int N = F, I = Reach, Guard = 0; N >= 0 && I >= 0 && Guard < 64;
       ++Guard) {
    const LockReach &Rc = L.Reached[N][I];
    if (Rc.Pred < 0)
      return false; // entered with the lock held: passed anything
    int Up = -1;
    for (const Edge &E : P.Calls[Rc.Pred]) {
      if (E.To != N)
        continue;
      llvm::StringRef A = E.Callback || E.Indirect
                              ? llvm::StringRef()
                              : P.argOf(E, static_cast<unsigned>(Param));
      if (A == Exempt)
        continue;
      unsigned Own = 0;
      if (!A.consume_front("p") || A.getAsInteger(10, Own) ||
          (Up >= 0 && Up != static_cast<int>(Own)))
        return false;
      Up = static_cast<int>(Own);
    }
    if (Up < 0)
      return true; // every call passes the exempt value
    Param = Up;
    N = Rc.Pred;
    I = Rc.PredReach;
  }
  return false;
}

void LockHeldWhileBlocking::run(const AnalysisInput &In,
                                std::vector<Finding> &Out) {
  const Program &P = In.Prog;
  const LockReachability &L = In.Locks;
  bool UnknownFds = In.getOption(Id, "report-unknown-fd-io") == "true";
  struct Hit {
    const BlockingFact *B;
    int Dist; ///< 0: the lock is held in the same function
    HeldLockFact Lock;
    int Fn;
    int Reach = -1; ///< the entry of L.Reached[Fn], when Dist > 0
    int Entry = -1; ///< the Program::EntryLocks fact holding the lock
  };
  std::map<std::tuple<Loc, std::string>, Hit> Best;
  for (const BlockingFact &B : P.Blocking) {
    // Writes to unknown descriptors under a lock are mostly wakeup pipes and
    // eventfds being signalled; a read on a descriptor not known to be
    // non-blocking waits for its peer, as recv() does.
    if (B.Kind == "fd" && !UnknownFds && B.Api != "read" && B.Api != "readv")
      continue;
    // Socket I/O on a descriptor made non-blocking returns at once.
    if (B.NonBlocking)
      continue;
    // A failed call's report (`if (pthread_sigmask(...)) log(strerror(errno))`)
    // runs only when the call failed, and reporting is its branch's work.
    if (B.Report)
      continue;
    auto Key = std::make_tuple(B.Where, B.Api);
    int F = P.find(B.Caller);
    Hit H{&B, -1, {}, F};
    int Seed = -1; // the EntryLocks fact the lock was held from, if any
    // A lock no thread serving requests can wait for (taken after the
    // loop returned, on the way out, by background threads only, or in its
    // object's destructor after the joins) stalls nobody: not a holder.
    auto Contended = [&](const HeldLockFact &Held) {
      return !*In.Entries.uncontended(F, Held);
    };
    auto Own = std::find_if(B.Held.begin(), B.Held.end(), Contended);
    if (Own != B.Held.end()) {
      H.Dist = 0;
      H.Lock = *Own;
      H.Lock.Name = lockName(H.Lock, F, In.Entries);
    } else if (!B.Held.empty() && (F < 0 || !L.reached(F))) {
      continue;
    } else if (F >= 0 && L.reached(F) && !B.ReleasesLock) {
      // A condition-variable wait releases its own mutex, which is almost
      // always the lock its caller holds (muduo's Condition::waitForSeconds).
      // A lock the function gave up before the site is not held there.
      const auto &Rs = L.Reached[F];
      for (size_t I = 0; I < Rs.size() && H.Dist < 0; ++I)
        if (!Rs[I].releasedBy(B.Released) &&
            !(B.GuardParam >= 0 &&
              witnessPassesExempt(P, L, F, static_cast<int>(I), B.GuardParam,
                                  "z")) &&
            !(B.PathParam >= 0 &&
              witnessPassesExempt(P, L, F, static_cast<int>(I), B.PathParam,
                                  "n"))) {
          H.Dist = Rs[I].Dist;
          H.Lock = Rs[I].Lock;
          H.Reach = static_cast<int>(I);
        }
      if (H.Dist < 0)
        continue;
      // The lock is named as its seed, the caller that holds it, names it.
      int N = F, R = H.Reach;
      while (L.Reached[N][R].PredReach >= 0) {
        int Up = L.Reached[N][R].Pred;
        R = L.Reached[N][R].PredReach;
        N = Up;
      }
      H.Lock.Name = lockName(H.Lock, L.Reached[N][R].Pred, In.Entries);
      Seed = L.Reached[N][R].Entry;
    } else {
      continue;
    }
    auto It = Best.find(Key);
    H.Entry = Seed;
    if (It == Best.end() || H.Dist < It->second.Dist)
      Best[Key] = H;
  }
  for (const auto &[Key, H] : Best) {
    const BlockingFact &B = *H.B;
    Finding F = Finding::atBlockingCall(Id, "scalability", B);
    if (isNamedLockKey(H.Lock.Lock))
      F.Message = "blocking call to '" + B.Api + "' while " + H.Lock.Name +
                  " is held; every thread that needs it waits for it too: "
                  "release it around the call";
    else
      F.Message = "blocking call to '" + B.Api + "' while lock '" +
                  H.Lock.Name +
                  "' is held; every thread that needs the lock waits for it "
                  "too: release the lock first or move the call out of the "
                  "critical section";
    if (H.Entry >= 0) {
      // Entered with the lock held: name the function as the runtime
      // knows it (`mymod.fetch`), where it was registered.
      const EntryLockFact &En = P.EntryLocks[H.Entry];
      int EF = P.find(En.Function);
      std::string Who = !En.Export.empty() ? En.Export
                        : EF >= 0          ? P.Functions[EF].Name
                                           : En.Function;
      F.Trace.push_back({En.Where, "'" + Who + "' holds " + En.Name +
                                       " for the whole call (registered "
                                       "here by '" +
                                       En.Api + "')"});
    } else {
      F.Trace.push_back({H.Lock.Acquired, acquiredNote(H.Lock)});
    }
    if (H.Dist > 0) {
      // Walk back to the seed call (distance 1); with recursion under the
      // lock, the seed's caller may itself be reached, so never past it.
      // Distances fall by one per frame: the walk ends even under recursion.
      std::vector<Note> Frames;
      for (int N = H.Fn, I = H.Reach; N >= 0 && I >= 0;) {
        const LockReach &Rc = L.Reached[N][I];
        if (Rc.Pred < 0)
          break; // the function entered with the lock held
        Frames.push_back({Rc.PredSite, "'" + P.Functions[Rc.Pred].Name +
                                           "' calls '" + P.Functions[N].Name +
                                           "' here"});
        N = Rc.Pred;
        I = Rc.PredReach;
      }
      std::reverse(Frames.begin(), Frames.end());
      F.Trace.insert(F.Trace.end(), Frames.begin(), Frames.end());
    }
    F.ContextKind = "lock";
    F.Root = H.Lock.Name;
    if (H.Fn >= 0)
      F.Function = P.Functions[H.Fn].Name;
    Out.push_back(std::move(F));
  }
}

void LockHeldAcrossSuspend::run(const AnalysisInput &In,
                                std::vector<Finding> &Out) {
  const Program &P = In.Prog;
  for (const SuspendFact &S : P.Suspends) {
    if (S.Held.empty())
      continue;
    HeldLockFact H = S.Held.front();
    H.Name = lockName(H, P.find(S.Function), In.Entries);
    Finding F;
    F.Check = Id;
    F.Category = "scalability";
    F.Where = S.Where;
    F.Api = S.Op;
    F.Kind = "suspend";
    F.Message = "'" + S.Op + "' while lock '" + H.Name +
                "' is held; the lock blocks every thread that needs it until "
                "the coroutine resumes, possibly on another thread (deadlock): "
                "release it before suspending or use an async mutex (a strand "
                "or channel)";
    F.Trace.push_back({H.Acquired, acquiredNote(H)});
    F.ContextKind = "coroutine";
    F.Root = H.Name;
    if (int Fn = P.find(S.Function); Fn >= 0)
      F.Function = P.Functions[Fn].Name;
    Out.push_back(std::move(F));
  }
}

static std::string plural(long N, const char *One, const char *Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many);
}

void SerialisedHotPath::run(const AnalysisInput &In,
                            std::vector<Finding> &Out) {
  const Program &P = In.Prog;
  const EntryPoints &E = In.Entries;
  bool MemberLocks = In.getOption(Id, "member-locks") == "true";
  bool RuntimeLocks = In.getOption(Id, "runtime-locks") == "true";
  long MinStatements = 6;
  try {
    MinStatements = std::stol(In.getOption(Id, "min-statements"));
  } catch (...) {
  }
  // Blocking sites by the function they are in: each section looks at its
  // own function's sites only (a scan of every site per section grew with
  // sections x sites, 16 s of a 50,000-TU program's 58).
  std::unordered_map<std::string_view, std::vector<const BlockingFact *>>
      BlockingIn;
  for (const BlockingFact &B : P.Blocking)
    if (!B.RawSocket && !B.Held.empty())
      BlockingIn[B.Caller].push_back(&B);
  const std::vector<const BlockingFact *> None;
  // A call whose callee adds no work: a straight body shorter than
  // min-statements whose own calls add none either, as if written inline
  // (`notFull_.notify()` around pthread_cond_signal). Decided on demand;
  // recursion and calls out of the program count as work.
  const int NF = static_cast<int>(P.Functions.size());
  std::vector<char> Light(NF, 0); // 0 unknown, 1 deciding, 2 light, 3 work
  // Work whatever its size: a call out of the program or a blocking call.
  std::vector<bool> Heavy(NF, false);
  for (int F : P.CallsOutside)
    Heavy[F] = true;
  for (const BlockingFact &B : P.Blocking)
    if (int F = P.find(B.Caller); F >= 0)
      Heavy[F] = true;
  std::function<bool(int, int)> IsLight = [&](int F, int Depth) {
    if (Light[F] == 0) {
      Light[F] = 1;
      bool Yes = P.Functions[F].Straight >= 0 &&
                 P.Functions[F].Straight < MinStatements && !Heavy[F] &&
                 Depth < 16;
      for (const Edge &Ed : P.Calls[F])
        if (Yes && !Ed.Registration)
          Yes = !Ed.Indirect && IsLight(Ed.To, Depth + 1);
      Light[F] = Yes ? 2 : 3;
    }
    return Light[F] == 2;
  };
  // A lock taken through a parameter is the callers' lock: {key, display}.
  auto Resolve = [&](const CriticalSectionFact &C) {
    std::string K = C.Lock.Lock;
    std::string Display = "'" + C.Lock.Name + "'";
    if (auto It = P.LockArgs.find(K); It != P.LockArgs.end()) {
      // Prefer a global among the callers' locks, else the first member.
      for (const LockArgFact &A : It->second)
        if (A.Lock.rfind("global:", 0) == 0 || A.Lock.rfind("field:", 0) == 0) {
          Display = "'" + A.Name + "' (passed as '" + C.Lock.Name + "')";
          K = A.Lock;
          if (K.rfind("global:", 0) == 0)
            break;
        }
    }
    return std::make_pair(K, Display);
  };
  // Readers share a reader/writer lock: a reader section serialises
  // requests only against writers of the same lock on a request path.
  std::set<std::string> Written;
  for (const CriticalSectionFact &C : P.CriticalSections)
    if (int Fn = P.find(C.Function); Fn >= 0 && E.Count[Fn] > 0 && !C.Lock.Shared)
      Written.insert(Resolve(C).first);
  // A member of one object is one lock however many of its methods take it
  // (`stat.recordRequest()` on the loop, `stat.recordResponse()` in a pool
  // task): the request entry points that reach it are counted over all its
  // sections, per object.
  std::vector<ObjectSet> ObjectsOf(P.CriticalSections.size());
  std::map<std::string, std::vector<int>> EntriesOf; // by object id
  for (size_t I = 0; I < P.CriticalSections.size(); ++I) {
    const CriticalSectionFact &C = P.CriticalSections[I];
    int Fn = P.find(C.Function);
    if (Fn < 0 || E.Count[Fn] == 0 || C.Once || !C.Lock.Object.known() ||
        C.Lock.Object.Base.rfind("thread:", 0) == 0 ||
        Resolve(C).first != C.Lock.Lock)
      continue;
    ObjectsOf[I] = E.Objects.resolve(C.Lock.Object, Fn);
    for (const ResolvedObject &O : ObjectsOf[I].Objects) {
      std::vector<int> &All = EntriesOf[O.Id];
      for (int L : O.Entries)
        if (std::find(All.begin(), All.end(), L) == All.end())
          All.push_back(L);
    }
  }
  // Blocking work under an acquisition: blocking sites in the section and
  // calls from it into functions that may block.
  auto Under = [](const HeldLockFact &H, const CriticalSectionFact &C) {
    return H.Lock == C.Lock.Lock && H.Acquired == C.Lock.Acquired;
  };
  auto SitesIn = [&](const CriticalSectionFact &C)
      -> const std::vector<const BlockingFact *> & {
    auto It = BlockingIn.find(C.Function);
    return It == BlockingIn.end() ? None : It->second;
  };
  auto BlockingUnder = [&](const CriticalSectionFact &C, int Fn) {
    long N = 0;
    for (const BlockingFact *B : SitesIn(C))
      for (const HeldLockFact &H : B->Held)
        N += Under(H, C);
    for (const Edge &Ed : P.Calls[Fn])
      if (E.MayBlock[Ed.To])
        for (const HeldLockFact &H : Ed.Held)
          N += Under(H, C);
    return N;
  };
  // Real work under an acquisition: a loop, an allocation, a blocking call,
  // min-statements statements, or a call into a function that does work
  // (user calls the link did not resolve count as work).
  auto WorkUnder = [&](const CriticalSectionFact &C, int Fn, long Blocking) {
    bool UserWork = false;
    unsigned Resolved = 0;
    for (const Edge &Ed : P.Calls[Fn])
      if (!Ed.Registration)
        for (const HeldLockFact &H : Ed.Held)
          if (Under(H, C)) {
            ++Resolved;
            UserWork = UserWork || !IsLight(Ed.To, 0);
          }
    UserWork = UserWork || C.UserCalls > Resolved;
    return C.Loops || C.Allocations || UserWork || Blocking ||
           static_cast<long>(C.Statements) >= MinStatements;
  };
  // What runs under a section, as the messages say it.
  auto Figures = [](const CriticalSectionFact &C, long Blocking) {
    return plural(C.Statements, "statement", "statements") + ", " +
           plural(C.Calls, "call", "calls") + ", " +
           plural(C.Loops, "loop", "loops") + ", " +
           plural(C.Allocations, "allocation", "allocations") + " and " +
           plural(Blocking, "blocking call", "blocking calls");
  };
  // A finding at a section, with its figures; the caller words the message.
  auto AtSection = [&](const CriticalSectionFact &C, int Fn, long Blocking,
                       int Entries, std::string Root) {
    Finding F;
    F.Check = Id;
    F.Category = "scalability";
    F.Where = C.Lock.Acquired;
    F.Api = C.Api;
    F.Kind = C.Lock.Shared ? "shared-lock" : "lock";
    F.ContextKind = "lock";
    F.Root = std::move(Root);
    F.Function = P.Functions[Fn].Name;
    F.Metrics = {{"entry_points", Entries},
                 {"statements", C.Statements},
                 {"calls", C.Calls},
                 {"loops", C.Loops},
                 {"allocations", C.Allocations},
                 {"blocking_calls", Blocking}};
    return F;
  };
  // Global locks reported on a request path: the first site reported, and
  // the functions they were reported in.
  struct HotLock {
    Loc First;
    std::set<int> Functions;
  };
  std::map<std::string, HotLock> Hot;
  for (size_t I = 0; I < P.CriticalSections.size(); ++I) {
    const CriticalSectionFact &C = P.CriticalSections[I];
    int Fn = P.find(C.Function);
    if (Fn < 0 || E.Count[Fn] == 0)
      continue; // not on a request path
    if (E.SingleThreaded[Fn])
      continue; // one thread serves every request: nobody queues
    const std::string &Own = C.Lock.Lock;
    // Entered only through a try-lock that gives up at once: a request that
    // finds the lock taken does something else, it does not queue.
    if (acquiresWithoutWaiting(C.Api))
      continue;
    // A lazy initialisation: taken only until the pointer it tests is set.
    if (C.Once)
      continue;
    // Pure computation under the GIL is how small extension functions run.
    if (isNamedLockKey(Own) && !RuntimeLocks)
      continue;
    auto [K, Display] = Resolve(C);
    if (C.Lock.Shared && !Written.count(K))
      continue; // readers only: they run side by side
    int Entries = E.Count[Fn];
    std::string RootName = C.Lock.Name;
    const char *Shared = nullptr; // why every request shares it
    if (K.rfind("global:", 0) == 0) {
      Shared = "a global";
    } else if (K == Own && C.Lock.Object.known()) {
      // A member of an object this function names (`this`, a parameter, a
      // local): shared when that object is one for the whole program and
      // requests reach it through that object (a global object's from one
      // entry point, like a global; main's object from two).
      if (C.Lock.Object.Base.rfind("thread:", 0) == 0)
        continue; // one per thread
      const ObjectSet &S = ObjectsOf[I];
      const ResolvedObject *Best = nullptr;
      size_t BestCount = 0;
      for (const ResolvedObject &O : S.Objects) {
        size_t N = O.Entries.empty() ? 0 : EntriesOf[O.Id].size();
        if (N >= (O.Setup ? 2u : 1u) && (!Best || N > BestCount)) {
          Best = &O;
          BestCount = N;
        }
      }
      if (Best) {
        // An object only single-threaded programs reach (a CLI client's one
        // socket, passed to a library's I/O code) has one taker at a time;
        // under the cap of 3, its entry points are all known.
        const std::vector<int> &All = EntriesOf[Best->Id];
        if (BestCount < 3 &&
            std::all_of(All.begin(), All.end(),
                        [&](int L) { return E.SingleThreadedEntry[L]; }))
          continue;
        Display = "'" + Best->Name + "'";
        RootName = Best->Name;
        Entries = static_cast<int>(std::min<size_t>(BestCount, 3));
        Shared = Best->Setup ? "a member of an object every request shares"
                             : "a member of a global object";
      } else if (S.Unknown && MemberLocks && Entries >= 2) {
        Shared = "a shared member";
      }
    } else if (MemberLocks && K.rfind("field:", 0) == 0 && Entries >= 2) {
      Shared = "a shared member";
    }
    if (!Shared)
      continue; // per-request, per-connection or per-thread state
    long Blocking = BlockingUnder(C, Fn);
    bool Work = WorkUnder(C, Fn, Blocking);
    if (!Work)
      continue;
    Finding F = AtSection(C, Fn, Blocking, Entries, RootName);
    std::string EntryText =
        Entries >= 3 ? "3 or more" : std::to_string(Entries);
    std::string What = Figures(C, Blocking);
    std::string Remedy =
        isNamedLockKey(Own)
            ? "release it around the work that does not need it"
        : Blocking ? "move the blocking work out of the critical section, then "
                     "shard the lock"
        : C.Lock.Shared
            ? "readers share it but queue behind its writers on the request "
              "path; publish a copy-on-write snapshot instead"
        : (!C.Loops && !C.UserCalls && C.Allocations <= 1)
            ? "shard it by key, or use atomics or per-thread counters"
            : "shard it by key, use a reader/writer lock for read-mostly "
              "data, or keep per-thread or per-loop state";
    F.Message = "lock " + Display + " serialises every request (" + Shared +
                ", reached from " + EntryText + " request entry " +
                (Entries == 1 ? "point" : "points") + "); " + What +
                " run under it: " + Remedy;
    if (K.rfind("global:", 0) == 0) {
      HotLock &H = Hot.try_emplace(K, HotLock{F.Where, {}}).first->second;
      H.Functions.insert(Fn);
    }
    Out.push_back(std::move(F));
  }
  // A background thread (or a rare path) holding a lock that requests queue
  // on, over real work: every request that needs the lock waits meanwhile
  // (memcached's slab mover splitting a page into the free list under
  // slabs_lock, which every allocation and free takes). Requests queue on
  // it where it is reported in two functions or more; a lock reported in
  // one function only may be the background thread's own, which a command
  // controlling the thread takes too (memcached's `watch` adding a logger
  // watcher). A section that waits on a condition of the lock gives it up
  // while it waits (a consumer's wait loop), and a reader section holds off
  // writers only.
  for (const CriticalSectionFact &C : P.CriticalSections) {
    int Fn = P.find(C.Function);
    if (Fn < 0 || E.Count[Fn] > 0 || C.Lock.Shared)
      continue;
    // Where it runs: a background thread, or a path requests take only
    // through a function the config calls rare (an admin command).
    int Rare = E.RareVia.empty() ? -1 : E.RareVia[Fn];
    if (!E.Background[Fn] && Rare < 0)
      continue;
    auto [K, Display] = Resolve(C);
    auto It = Hot.find(K);
    if (It == Hot.end() || It->second.Functions.size() < 2)
      continue;
    const auto &Sites = SitesIn(C);
    if (std::any_of(Sites.begin(), Sites.end(), [&](const BlockingFact *B) {
          return B->ReleasesLock &&
                 std::any_of(B->Held.begin(), B->Held.end(),
                             [&](const HeldLockFact &H) { return Under(H, C); });
        }))
      continue;
    long Blocking = BlockingUnder(C, Fn);
    if (!WorkUnder(C, Fn, Blocking))
      continue;
    Finding F = AtSection(C, Fn, Blocking, 0, C.Lock.Name);
    std::string Holder =
        Rare >= 0 ? "on a rare path ('" + P.Functions[Rare].Name +
                        "' in rare_functions)"
                  : std::string("by a background thread");
    F.Message = "lock " + Display + ", which requests queue on, is held " +
                Holder + " while " +
                Figures(C, Blocking) +
                " run under it: every request that needs it waits meanwhile; "
                "do the work outside the lock and publish the result under "
                "it, or split it into short steps";
    F.Trace.push_back(
        {It->second.First, "requests take lock " + Display + " here"});
    Out.push_back(std::move(F));
  }
}

} // namespace stallscan
