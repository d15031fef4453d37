//===--- Program.cpp - Linked program graph and loop reachability ---------===//
//
// link() turns per-TU facts into one graph keyed by function id. Virtual
// calls become edges to the method and to every overrider seen anywhere in
// the program (closed transitively). A read()/write() whose descriptor key
// was assigned from open() in any TU becomes file I/O; otherwise it stays
// raw socket I/O, which the event-loop rule does not report.
//
// computeLoopReachability() seeds a BFS with every loop root in a fixed order
// (by kind, then location) and records, per function, the predecessor on one
// shortest path. Linear in nodes + edges.
//
//===----------------------------------------------------------------------===//
#include "analysis/Program.h"
#include "analysis/FunctionIds.h"
#include "analysis/LinkOwned.h"
#include "catalog/Catalog.h"
#include "summary/SortUnique.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include <algorithm>
#include <deque>
#include <set>
#include <string_view>
#include <optional>
#include <tuple>
#include <unordered_set>

namespace stallscan {

DefinitionSplit
findConflictingDefinitions(const std::vector<const TUSummary *> &Units) {
  // The first place of each id, and whether another place was seen.
  std::unordered_map<std::string_view, const Loc *> First;
  {
    size_t Facts = 0;
    for (const TUSummary *S : Units)
      Facts += S->Functions.size();
    First.reserve(Facts / 2 + 16);
  }
  std::set<std::string_view> Conflicting;
  for (const TUSummary *S : Units)
    for (const auto &F : S->Functions) {
      auto [It, New] = First.emplace(F.Id, &F.Where);
      if (!New && !(*It->second == F.Where))
        Conflicting.insert(F.Id);
    }
  DefinitionSplit Split;
  for (const TUSummary *S : Units)
    for (const auto &F : S->Functions)
      if (Conflicting.count(F.Id))
        Split.Variants[F.Id].push_back(F.Id + "#" + S->MainFile);
  return Split;
}

bool DefinitionSplit::mentionedBy(const TUSummary &S) const {
  auto In = [&](const std::string &Id) { return Variants.count(Id) != 0; };
  auto Any = [&](const auto &Facts, auto Field) {
    return std::any_of(Facts.begin(), Facts.end(),
                       [&](const auto &F) { return In(F.*Field); });
  };
  for (const auto &F : S.Functions)
    if (In(F.Id) || std::any_of(F.Overrides.begin(), F.Overrides.end(), In) ||
        std::any_of(F.EndsVia.begin(), F.EndsVia.end(), In))
      return true;
  if (std::any_of(S.CrashHandlers.begin(), S.CrashHandlers.end(), In) ||
      std::any_of(S.NoReturn.begin(), S.NoReturn.end(), In))
    return true;
  return Any(S.Calls, &CallFact::Callee) || Any(S.Roots, &RootFact::Function) ||
         Any(S.EntryLocks, &EntryLockFact::Function) ||
         Any(S.Offloads, &OffloadFact::Target) ||
         Any(S.AddressTaken, &AddressTakenFact::Function);
}

void DefinitionSplit::apply(TUSummary &S) const {
  std::set<std::string> Own;
  for (const auto &F : S.Functions)
    Own.insert(F.Id);
  auto Refs = [&](const std::string &Id) -> std::vector<std::string> {
    auto It = Variants.find(Id);
    if (It == Variants.end())
      return {Id};
    if (Own.count(Id))
      return {Id + "#" + S.MainFile};
    return It->second;
  };
  auto One = [&](std::string &Id) { Id = Refs(Id).front(); };
  // A local object is named after its function: "frame:<var>:<id>".
  auto Frame = [&](ObjectRef &O) {
    if (O.Base.rfind("frame:", 0) != 0)
      return;
    size_t Colon = O.Base.find(':', 6);
    if (Colon == std::string::npos)
      return;
    std::string Id = O.Base.substr(Colon + 1);
    One(Id);
    O.Base = O.Base.substr(0, Colon + 1) + Id;
  };
  auto Frames = [&](std::vector<HeldLockFact> &Held) {
    for (auto &H : Held)
      Frame(H.Object);
  };
  for (auto &C : S.Calls) {
    Frame(C.Receiver);
    for (auto &A : C.ArgObjects)
      Frame(A.Object);
    Frames(C.Held);
  }
  for (auto &B : S.Blocking)
    Frames(B.Held);
  for (auto &Su : S.Suspends)
    Frames(Su.Held);
  for (auto &C : S.CriticalSections)
    Frame(C.Lock.Object);
  for (auto &R : S.Roots)
    Frame(R.Receiver);
  for (auto &O : S.Offloads)
    Frame(O.Receiver);
  for (auto &F : S.Functions) {
    One(F.Id);
    if (!F.ThisOf.empty())
      One(F.ThisOf);
    std::vector<std::string> Ov;
    for (const auto &O : F.Overrides)
      for (auto &R : Refs(O))
        Ov.push_back(R);
    F.Overrides = std::move(Ov);
    std::vector<std::string> Via;
    for (const auto &V : F.EndsVia)
      for (auto &R : Refs(V))
        Via.push_back(R);
    F.EndsVia = std::move(Via);
  }
  // Facts whose Owner is defined in this TU and whose Target may stand for
  // several definitions: one copy per definition.
  auto Expand = [&](auto &Facts, auto Owner, auto Target) {
    std::remove_reference_t<decltype(Facts)> Out;
    for (auto F : Facts) {
      if (Owner)
        One(F.*Owner);
      for (auto &R : Refs(F.*Target)) {
        F.*Target = R;
        Out.push_back(F);
      }
    }
    Facts = std::move(Out);
  };
  Expand(S.Calls, &CallFact::Caller, &CallFact::Callee);
  Expand(S.Roots, &RootFact::Registrar, &RootFact::Function);
  Expand(S.EntryLocks, &EntryLockFact::Registrar, &EntryLockFact::Function);
  Expand(S.Offloads, &OffloadFact::Caller, &OffloadFact::Target);
  // Facts owned by a function defined in this TU: its own definition.
  auto Rename = [&](auto &Facts, auto Owner) {
    for (auto &F : Facts)
      One(F.*Owner);
  };
  Rename(S.Blocking, &BlockingFact::Caller);
  Rename(S.Reactors, &ReactorFact::Function);
  Rename(S.StrayWaits, &ReactorFact::Function);
  Rename(S.ConsoleLoops, &ReactorFact::Function);
  Rename(S.Runners, &RunnerFact::Function);
  Rename(S.ThreadPerConnection, &ThreadPerConnectionFact::Function);
  Rename(S.ClientCalls, &ClientCallFact::Function);
  Rename(S.Suspends, &SuspendFact::Function);
  Rename(S.CriticalSections, &CriticalSectionFact::Function);
  Rename(S.IndirectCalls, &IndirectCallFact::Caller);
  Rename(S.StoredParams, &StoredParamFact::Function);
  for (auto &C : S.Calls)
    if (!C.PassedTo.empty())
      One(C.PassedTo);
  for (auto &H : S.CrashHandlers)
    One(H);
  {
    std::vector<std::string> NoReturn;
    for (const auto &N : S.NoReturn)
      for (auto &R : Refs(N))
        NoReturn.push_back(R);
    S.NoReturn = std::move(NoReturn);
  }
  Expand(S.AddressTaken, static_cast<std::string AddressTakenFact::*>(nullptr),
         &AddressTakenFact::Function);
}

void DefinitionSplit::applyTo(std::vector<const TUSummary *> &Units,
                              std::deque<TUSummary> &Renamed) const {
  if (Variants.empty())
    return;
  for (const TUSummary *&Unit : Units)
    if (mentionedBy(*Unit)) {
      apply(Renamed.emplace_back(*Unit));
      Unit = &Renamed.back();
    }
}

/// Descriptor keys that hold non-blocking descriptors. A setter's key
/// (fcntl on it) is non-blocking; a helper that sets its parameter makes
/// every argument passed there non-blocking (backwards along FdFlows, on
/// through helpers that forward their parameter); then whatever a
/// non-blocking key is copied into is non-blocking too (forwards: into a
/// field, a callee's parameter, a caller's variable).
std::set<std::string>
nonBlockingDescriptors(const std::vector<const TUSummary *> &Units) {
  std::set<std::string> NB;
  std::unordered_map<std::string_view, std::vector<std::string_view>> Into,
      OutOf;
  for (const TUSummary *S : Units) {
    NB.insert(S->NonBlockingFds.begin(), S->NonBlockingFds.end());
    for (const FdFlowFact &F : S->FdFlows) {
      Into[F.To].push_back(F.From);
      OutOf[F.From].push_back(F.To);
    }
  }
  auto IsParam = [](std::string_view K) { return K.rfind("param:", 0) == 0; };
  std::deque<std::string> Work;
  for (const std::string &K : NB)
    if (IsParam(K))
      Work.push_back(K);
  while (!Work.empty()) {
    std::string K = std::move(Work.front());
    Work.pop_front();
    auto It = Into.find(K);
    if (It == Into.end())
      continue;
    for (std::string_view From : It->second)
      if (NB.insert(std::string(From)).second && IsParam(From))
        Work.push_back(std::string(From));
  }
  Work.assign(NB.begin(), NB.end());
  while (!Work.empty()) {
    std::string K = std::move(Work.front());
    Work.pop_front();
    auto It = OutOf.find(K);
    if (It == OutOf.end())
      continue;
    for (std::string_view To : It->second)
      if (NB.insert(std::string(To)).second)
        Work.push_back(std::string(To));
  }
  return NB;
}

static Program linkUnits(std::vector<const TUSummary *> Units,
                         bool AlreadySplit, bool Consume);

Program link(const std::vector<TUSummary> &Input) {
  std::vector<const TUSummary *> Units;
  for (const TUSummary &S : Input)
    Units.push_back(&S);
  return linkUnits(Units, false, /*Consume=*/false);
}

Program linkOwned(std::vector<TUSummary> &&Input) {
  std::vector<const TUSummary *> Units;
  for (const TUSummary &S : Input)
    Units.push_back(&S);
  Program P = linkUnits(Units, false, /*Consume=*/true);
  std::vector<TUSummary>().swap(Input);
  return P;
}

Program link(std::vector<const TUSummary *> Units, bool AlreadySplit) {
  return linkUnits(std::move(Units), AlreadySplit, /*Consume=*/false);
}

/// With \p Consume, the units are the caller's to give up: each one's facts
/// are freed once linked, so that the peak is the program plus the facts
/// still to link, not the program plus every summary.
static Program linkUnits(std::vector<const TUSummary *> Units,
                         bool AlreadySplit, bool Consume) {
  std::deque<TUSummary> Renamed;
  if (!AlreadySplit)
    findConflictingDefinitions(Units).applyTo(Units, Renamed);
  auto Summaries = llvm::make_pointee_range(Units);
  Program P;
  // Each function once, the first unit's fact: found by a map of views into
  // the units' own ids (alive until the end of the link), not by a second
  // string-keyed map filled and emptied again.
  {
    size_t Facts = 0;
    for (const auto &S : Summaries)
      Facts += S.Functions.size();
    llvm::DenseMap<llvm::StringRef, int> Seen;
    Seen.reserve(Facts / 2 + 16);
    for (const auto &S : Summaries)
      for (const auto &F : S.Functions)
        if (Seen.try_emplace(F.Id, static_cast<int>(P.Functions.size())).second)
          P.Functions.push_back(F);
  }
  // Deterministic node order, independent of TU order: by place, then id.
  // Sorted as compact keys (the file's rank among the files, line, column)
  // rather than through the facts: comparing facts read two scattered
  // records and their paths' text per comparison, n log n times.
  std::vector<int> Order(P.Functions.size());
  {
    std::vector<const std::string *> Files;
    for (const FunctionFact &F : P.Functions)
      Files.push_back(&F.Where.File.str()); // interned: one pointer per path
    std::sort(Files.begin(), Files.end());
    Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
    std::sort(Files.begin(), Files.end(),
              [](const std::string *A, const std::string *B) { return *A < *B; });
    llvm::DenseMap<const std::string *, unsigned> Rank;
    Rank.reserve(Files.size());
    for (size_t I = 0; I < Files.size(); ++I)
      Rank[Files[I]] = static_cast<unsigned>(I);
    struct Key {
      unsigned File, Line, Col;
      int Fn;
    };
    std::vector<Key> Keys;
    Keys.reserve(P.Functions.size());
    for (size_t I = 0; I < P.Functions.size(); ++I) {
      const Loc &W = P.Functions[I].Where;
      Keys.push_back({Rank[&W.File.str()], W.Line, W.Col, static_cast<int>(I)});
    }
    std::sort(Keys.begin(), Keys.end(), [&](const Key &A, const Key &B) {
      if (std::tie(A.File, A.Line, A.Col) != std::tie(B.File, B.Line, B.Col))
        return std::tie(A.File, A.Line, A.Col) < std::tie(B.File, B.Line, B.Col);
      return P.Functions[A.Fn].Id < P.Functions[B.Fn].Id;
    });
    for (size_t I = 0; I < Keys.size(); ++I)
      Order[I] = Keys[I].Fn;
  }
  std::vector<FunctionFact> Sorted;
  Sorted.reserve(Order.size());
  for (int I : Order)
    Sorted.push_back(std::move(P.Functions[I]));
  P.Functions = std::move(Sorted);
  P.Index.reserve(P.Functions.size());
  for (size_t I = 0; I < P.Functions.size(); ++I)
    P.Index.emplace(P.Functions[I].Id, static_cast<int>(I));
  // The link's own lookups (two or more per call fact) go through views of
  // the program's ids (they stay put from here on): an open-addressed table
  // probes once where Program::Index walks a bucket's chain of nodes.
  FunctionIds Ids(P.Functions);
  // Calls come grouped by caller: its id is looked up once per run.
  llvm::StringRef LastCaller;
  int LastFrom = -1;
  auto FromOf = [&](const std::string &Caller) {
    if (LastCaller.data() == nullptr || LastCaller != Caller) {
      LastCaller = Caller;
      LastFrom = Ids.find(Caller);
    }
    return LastFrom;
  };

  // Overriders, transitively: base id -> every override below it.
  OverriderMap Overriders;
  for (const auto &F : P.Functions)
    for (const auto &Base : F.Overrides)
      Overriders[Base].push_back(F.Id);
  auto Targets = [&](const CallFact &C) {
    return callTargets(C, {&Overriders});
  };
  // Calls \p Do with each target's id: a plain call's callee without a
  // copy, a virtual call's every overrider below it.
  auto ForEachTarget = [&](const CallFact &C, auto Do) {
    if (!C.Virtual) {
      Do(C.Callee);
      return;
    }
    for (const std::string &T : Targets(C))
      Do(T);
  };

  std::set<std::string> FileFds;
  for (const auto &S : Summaries)
    FileFds.insert(S.FileFds.begin(), S.FileFds.end());
  const std::set<std::string> NonBlockingFds = nonBlockingDescriptors(Units);

  P.Calls.resize(P.Functions.size());
  // Edges already made, by (caller, callee, site, callback): a hash set
  // (the site's file is interned: its pointer is its identity), where an
  // ordered set compared paths character by character on every insert.
  struct EdgeKey {
    int From, To;
    const std::string *File;
    unsigned Line, Col;
    bool Callback;
    bool operator==(const EdgeKey &O) const {
      return From == O.From && To == O.To && File == O.File &&
             Line == O.Line && Col == O.Col && Callback == O.Callback;
    }
  };
  struct EdgeKeyHash {
    size_t operator()(const EdgeKey &K) const {
      return llvm::hash_combine(K.From, K.To, K.File, K.Line, K.Col,
                                K.Callback);
    }
  };
  std::unordered_set<EdgeKey, EdgeKeyHash> SeenEdges;
  {
    size_t Calls = 0;
    for (const auto &S : Summaries)
      Calls += S.Calls.size();
    SeenEdges.reserve(Calls);
  }
  std::map<std::tuple<std::string, Loc, std::string>, int> ReactorIds;
  std::set<std::tuple<Loc, std::string, std::string>> SeenBlocking;
  auto ReactorId = [&](const TUSummary &S, int Local) {
    if (Local < 0)
      return -1;
    const ReactorFact &R = S.Reactors[Local];
    auto Key = std::make_tuple(R.Function, R.Where, R.WaitApi);
    auto It = ReactorIds.find(Key);
    if (It != ReactorIds.end())
      return It->second;
    int Id = static_cast<int>(P.Reactors.size());
    P.Reactors.push_back(R);
    P.ReactorCalls.emplace_back();
    ReactorIds[Key] = Id;
    return Id;
  };

  // Parameters that their function only stores: a function passed there is
  // registered (stored for a later call), not called by the callee.
  // Those whose storage is "offload:<api>" are only handed to an offload
  // as its work: a function passed there runs on a worker.
  // Functions passed to such a parameter that goes into a field
  // (`fdevent_register(ev, fd, connection_handle_fdevent, con)` storing it
  // in `fdn->handler`) are in that storage, as if stored there by name
  // (AddressTakenFact; registrationsFill): Registered, (storage, function;
  // owned, as a unit's calls are freed as it is linked).
  std::set<std::pair<std::string_view, unsigned>> StoredParams;
  std::map<std::pair<std::string_view, unsigned>, std::vector<std::string_view>>
      ParamStorages;
  std::map<std::pair<std::string_view, unsigned>, std::string> OffloadParams;
  for (const auto &S : Summaries)
    for (const StoredParamFact &F : S.StoredParams) {
      if (F.Storage.rfind("offload:", 0) == 0) {
        OffloadParams[{F.Function, F.Index}] = F.Storage.substr(8);
      } else {
        StoredParams.insert({F.Function, F.Index});
        if (registrationsFill(F.Storage))
          ParamStorages[{F.Function, F.Index}].push_back(F.Storage);
      }
    }
  std::vector<std::pair<std::string_view, std::string>> Registered;

  // Classes whose objects some unit moves to another thread.
  std::set<std::string_view> Moved;
  for (const auto &S : Summaries)
    Moved.insert(S.MovedClasses.begin(), S.MovedClasses.end());

  for (const auto &S : Summaries) {
    LastCaller = llvm::StringRef(); // a view into the last unit's facts
    for (const auto &C : S.Calls) {
      for (const LockArgFact &A : C.LockArgs)
        P.LockArgs["param:" + C.Callee + ":" + std::to_string(A.Index)]
            .push_back(A);
      const bool Registration =
          C.Callback && !C.PassedTo.empty() &&
          StoredParams.count({C.PassedTo, C.PassedIndex});
      if (Registration)
        if (auto It = ParamStorages.find({C.PassedTo, C.PassedIndex});
            It != ParamStorages.end())
          ForEachTarget(C, [&](const std::string &T) {
            for (std::string_view Storage : It->second)
              Registered.push_back({Storage, T});
          });
      int From = FromOf(C.Caller);
      if (C.Callback && !C.PassedTo.empty())
        if (auto It = OffloadParams.find({C.PassedTo, C.PassedIndex});
            It != OffloadParams.end()) {
          for (const auto &T : Targets(C))
            P.Offloads.push_back({C.Caller, T, It->second, C.Where});
          continue;
        }
      if (C.Exit) {
        ForEachTarget(C, [&](const std::string &T) {
          if (int To = Ids.find(T); To >= 0 && From >= 0)
            P.ExitCalls.push_back({From, To});
        });
        continue;
      }
      int Reactor = ReactorId(S, C.Reactor);
      ForEachTarget(C, [&](const std::string &T) {
        int To = Ids.find(T);
        if (To < 0) {
          if (From >= 0 && !C.Callback)
            P.CallsOutside.push_back(From);
          return;
        }
        if (From >= 0 &&
            SeenEdges
                .insert({From, To, &C.Where.File.str(), C.Where.Line,
                         C.Where.Col, C.Callback})
                .second) {
          P.addCallEdge(From, C, To, Registration);
        }
        if (Reactor >= 0)
          P.ReactorCalls[Reactor].push_back({To, C.Where, C.Callback});
      });
    }
    for (auto B : S.Blocking) {
      if (!SeenBlocking.insert({B.Where, B.Api, B.Caller}).second)
        continue;
      B.Reactor = ReactorId(S, B.Reactor);
      if (!B.RequiresFileFd.empty()) {
        if (!FileFds.count(B.RequiresFileFd)) {
          B.RawSocket = true;
          B.Kind = "fd";
        }
      }
      B.NonBlocking = B.RawSocket && !B.Fd.empty() && NonBlockingFds.count(B.Fd);
      P.Blocking.push_back(std::move(B));
    }
    for (const std::string &H : S.CrashHandlers)
      if (int F = Ids.find(H); F >= 0)
        P.CrashHandlers.push_back(F);
    P.NoReturn.insert(S.NoReturn.begin(), S.NoReturn.end());
    // A handler registered on a receiver whose class the program moves to
    // another thread (Qt's moveToThread, in any unit) runs there.
    for (const RootFact &R : S.Roots)
      if (!R.ReceiverClass.empty() && Moved.count(R.ReceiverClass))
        P.Offloads.push_back({R.Registrar, R.Function, R.Api, R.Where,
                              /*Thread=*/false, false, false, R.Receiver});
      else
        P.Roots.push_back(R);
    P.EntryLocks.insert(P.EntryLocks.end(), S.EntryLocks.begin(),
                        S.EntryLocks.end());
    P.Offloads.insert(P.Offloads.end(), S.Offloads.begin(), S.Offloads.end());
    P.Runners.insert(P.Runners.end(), S.Runners.begin(), S.Runners.end());
    P.StrayWaits.insert(P.StrayWaits.end(), S.StrayWaits.begin(),
                        S.StrayWaits.end());
    P.ConsoleLoops.insert(P.ConsoleLoops.end(), S.ConsoleLoops.begin(),
                          S.ConsoleLoops.end());
    P.ThreadPerConnection.insert(P.ThreadPerConnection.end(),
                                 S.ThreadPerConnection.begin(),
                                 S.ThreadPerConnection.end());
    P.ClientCalls.insert(P.ClientCalls.end(), S.ClientCalls.begin(),
                         S.ClientCalls.end());
    P.Suspends.insert(P.Suspends.end(), S.Suspends.begin(), S.Suspends.end());
    P.CriticalSections.insert(P.CriticalSections.end(),
                              S.CriticalSections.begin(),
                              S.CriticalSections.end());
    if (Consume) {
      // What is read below: Offloads, AddressTaken, IndirectCalls and the
      // reactors they index; StoredParams and MovedClasses are viewed by
      // the sets above. The rest is in the program now.
      TUSummary &Done = const_cast<TUSummary &>(S);
      auto Free = [](auto &V) { std::decay_t<decltype(V)>().swap(V); };
      Free(Done.Functions);
      Free(Done.Roots);
      Free(Done.EntryLocks);
      Free(Done.Calls);
      Free(Done.Blocking);
      Free(Done.StrayWaits);
      Free(Done.ConsoleLoops);
      Free(Done.Runners);
      Free(Done.ThreadPerConnection);
      Free(Done.ClientCalls);
      Free(Done.Suspends);
      Free(Done.CriticalSections);
      Free(Done.FdFlows);
    }
  }

  // Calls through a function pointer field or global reach every function
  // stored there, except thread entry points (offload targets).
  {
    std::set<std::string> Offloaded;
    for (const auto &S : Summaries)
      for (const auto &O : S.Offloads)
        if (O.Api != "fork") // thread entry points, not child-process code
          Offloaded.insert(O.Target);
    std::map<std::string, std::set<int>> ByStorage;
    for (const auto &S : Summaries)
      for (const auto &A : S.AddressTaken)
        if (int F = Ids.find(A.Function); F >= 0 && !Offloaded.count(A.Function))
          ByStorage[A.Storage].insert(F);
    for (const auto &[Storage, Function] : Registered)
      if (int F = Ids.find(Function); F >= 0 && !Offloaded.count(Function))
        ByStorage[std::string(Storage)].insert(F);
    for (const auto &S : Summaries)
      for (const auto &I : S.IndirectCalls) {
        // Every site, with or without targets yet: an incremental link may
        // bring a function stored there.
        P.IndirectSites.emplace(I.Where, I.Storage);
        auto It = ByStorage.find(I.Storage);
        if (It == ByStorage.end())
          continue;
        int From = Ids.find(I.Caller);
        int Reactor = ReactorId(S, I.Reactor);
        for (int To : It->second) {
          Edge E{To, I.Where, false, true};
          if (From >= 0)
            P.Calls[From].push_back(E);
          if (Reactor >= 0)
            P.ReactorCalls[Reactor].push_back(E);
        }
      }
  }

  // A coroutine that starts by moving itself onto a pool (`co_await
  // tp.schedule()`, an offload of itself) runs its body there: calling it
  // only creates the task, so a call is not an edge for loop or lock
  // context, as an offload is not.
  {
    std::set<int> OnPool;
    for (const auto &O : P.Offloads)
      if (O.Caller == O.Target)
        if (int F = Ids.find(O.Target); F >= 0)
          OnPool.insert(F);
    if (!OnPool.empty()) {
      auto Drop = [&](std::vector<Edge> &Es) {
        auto ToPool = [&](const Edge &E) { return OnPool.count(E.To) > 0; };
        Es.erase(std::remove_if(Es.begin(), Es.end(), ToPool), Es.end());
      };
      for (auto &Es : P.Calls)
        Drop(Es);
      for (auto &Es : P.ReactorCalls)
        Drop(Es);
    }
  }

  for (auto &Es : P.Calls) {
    sortUnique(Es, [](const Edge &E) {
      return std::tie(E.Where, E.To, E.Callback, E.Indirect);
    });
    P.CallEdgeCount += Es.size();
  }
  sortUnique(P.ExitCalls, [](const std::pair<int, int> &C) { return C; });
  sortUnique(P.CrashHandlers, [](int F) { return F; });
  for (auto &Es : P.ReactorCalls)
    sortUnique(Es, [](const Edge &E) {
      return std::tie(E.Where, E.To, E.Callback, E.Indirect);
    });
  sortUnique(P.Roots, [](const RootFact &R) {
    return std::tie(R.Where, R.Function, R.Api, R.Registrar);
  });
  sortUnique(P.EntryLocks, [](const EntryLockFact &E) {
    return std::tie(E.Where, E.Function, E.Lock, E.Api, E.Export, E.Registrar);
  });
  sortUnique(P.Offloads, [](const OffloadFact &O) {
    return std::tie(O.Where, O.Caller, O.Target, O.Api);
  });
  sortUnique(P.Blocking, [](const BlockingFact &B) {
    return std::tie(B.Where, B.Api, B.Caller);
  });
  sortUnique(P.Runners, [](const RunnerFact &R) {
    return std::tie(R.Where, R.Function, R.Api);
  });
  sortUnique(P.StrayWaits, [](const ReactorFact &R) {
    return std::tie(R.Where, R.Function, R.WaitApi);
  });
  sortUnique(P.ConsoleLoops, [](const ReactorFact &R) {
    return std::tie(R.Where, R.Function, R.WaitApi);
  });
  sortUnique(P.ThreadPerConnection, [](const ThreadPerConnectionFact &T) {
    return std::tie(T.Where, T.Function, T.AcceptApi, T.SpawnApi);
  });
  sortUnique(P.Suspends, [](const SuspendFact &S) {
    return std::tie(S.Where, S.Function, S.Op);
  });
  for (auto &[Key, As] : P.LockArgs)
    sortUnique(As, [](const LockArgFact &A) {
      return std::tie(A.Lock, A.Name, A.Index);
    });
  sortUnique(P.CriticalSections, [](const CriticalSectionFact &C) {
    return std::tie(C.Lock.Acquired, C.Lock.Lock, C.Function);
  });
  return P;
}

/// Closes \p Fatal (functions known to end the process) over
/// FunctionFact::Ends: a function every path of which ends in a noreturn
/// call, or in a last call to one of its EndsVia that ends it too.
static void closeEnds(const Program &P, std::vector<bool> &Fatal) {
  const int NF = static_cast<int>(P.Functions.size());
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (int F = 0; F < NF; ++F) {
      const FunctionFact &FF = P.Functions[F];
      if (Fatal[F] || !FF.Ends)
        continue;
      if (std::all_of(FF.EndsVia.begin(), FF.EndsVia.end(),
                      [&](const std::string &V) {
                        int T = P.find(V);
                        return T >= 0 ? Fatal[T] : P.NoReturn.count(V) != 0;
                      })) {
        Fatal[F] = true;
        Changed = true;
      }
    }
  }
}

static void searchFromRoots(const Program &P, LoopReachability &R);

LoopReachability computeLoopReachability(const Program &P,
                                         const LoopOptions &Opts) {
  LoopReachability R;
  const int NF = static_cast<int>(P.Functions.size());
  R.resize(NF + static_cast<int>(P.Reactors.size()));

  // Coroutines spawned only onto thread pools are not loop context.
  std::set<int> OnLoop, OffLoop;
  for (const auto &Rt : P.Roots)
    if (int F = P.find(Rt.Function); F >= 0)
      OnLoop.insert(F);
  for (const auto &O : P.Offloads)
    if (int F = P.find(O.Target); F >= 0)
      OffLoop.insert(F);

  for (const auto &Rt : P.Roots)
    if (int F = P.find(Rt.Function); F >= 0)
      R.Roots.push_back({LoopRoot::Handler, F, -1, Rt.Api, Rt.Library,
                         Rt.Where, Rt.Via, Rt.Idle, Rt.Timer});
  if (!Opts.RareFunctions.empty())
    R.Rare.assign(NF, false);
  for (int F = 0; F < NF; ++F) {
    const FunctionFact &Fn = P.Functions[F];
    if (Fn.IsCoroutine && !(OffLoop.count(F) && !OnLoop.count(F)))
      R.Roots.push_back({LoopRoot::Coroutine, F, -1, "", "", Fn.Where});
    if (Fn.AnnotatedLoop)
      R.Roots.push_back({LoopRoot::Annotated, F, -1, "", "", Fn.Where});
    for (const auto &Pattern : Opts.EventLoopFunctions)
      if (globMatch(Pattern, Fn.Name)) {
        R.Roots.push_back({LoopRoot::Config, F, -1, Pattern, "", Fn.Where});
        break;
      }
    for (const auto &Pattern : Opts.RareFunctions)
      if (globMatch(Pattern, Fn.Name)) {
        R.Rare[F] = true;
        break;
      }
  }
  for (size_t I = 0; I < P.Reactors.size(); ++I)
    R.Roots.push_back({LoopRoot::Reactor, P.find(P.Reactors[I].Function),
                       static_cast<int>(I), P.Reactors[I].WaitApi, "",
                       P.Reactors[I].Where});
  std::stable_sort(R.Roots.begin(), R.Roots.end(),
                   [](const LoopRoot &A, const LoopRoot &B) {
                     return std::tie(A.Where, A.K) < std::tie(B.Where, B.K);
                   });
  searchFromRoots(P, R);
  return R;
}

LoopReachability
withoutRootsOf(const Program &P, const LoopReachability &Full,
               const std::vector<std::string> &Libraries) {
  LoopReachability R;
  R.resize(static_cast<int>(Full.Dist.size()));
  R.Rare = Full.Rare;
  for (const LoopRoot &Rt : Full.Roots)
    if (Rt.Library.empty() ||
        std::find(Libraries.begin(), Libraries.end(), Rt.Library) ==
            Libraries.end())
      R.Roots.push_back(Rt);
  searchFromRoots(P, R);
  return R;
}

static void searchFromRoots(const Program &P, LoopReachability &R) {
  const int NF = static_cast<int>(P.Functions.size());
  // A call to a function that ends the process (nginx's
  // ngx_master_process_exit, a `die()`) is made on the way out: what it
  // blocks on stalls nobody, as on a branch that ends the process
  // (DeadBranches.h). Not from `main`, whose whole run may end in
  // `exit(serve())`.
  std::vector<bool> Ends(NF, false);
  for (const std::string &Id : P.NoReturn)
    if (int F = P.find(Id); F >= 0)
      Ends[F] = true;
  closeEnds(P, Ends);
  std::deque<int> Queue;
  for (size_t I = 0; I < R.Roots.size(); ++I) {
    const LoopRoot &Rt = R.Roots[I];
    int Node = Rt.K == LoopRoot::Reactor ? NF + Rt.ReactorIndex : Rt.Function;
    if (Node < 0 || R.Dist[Node] >= 0)
      continue;
    R.Dist[Node] = 0;
    R.RootOf[Node] = static_cast<int>(I);
    Queue.push_back(Node);
  }
  while (!Queue.empty()) {
    int Node = Queue.front();
    Queue.pop_front();
    const auto &Out = Node < NF ? P.Calls[Node] : P.ReactorCalls[Node - NF];
    for (const Edge &E : Out) {
      if (R.Dist[E.To] >= 0 ||
          (Ends[E.To] && !(Node < NF && P.Functions[Node].Name == "main")))
        continue;
      R.Dist[E.To] = R.Dist[Node] + 1;
      R.Pred[E.To] = Node;
      R.PredSite[E.To] = E.Where;
      R.PredCallback[E.To] = E.Callback;
      R.PredIndirect[E.To] = E.Indirect;
      R.RootOf[E.To] = R.RootOf[Node];
      Queue.push_back(E.To);
    }
  }
}

bool LockReach::releasedBy(const std::vector<std::string> &Released) const {
  for (const auto &K : Released)
    if (std::find(Aliases.begin(), Aliases.end(), K) != Aliases.end())
      return true;
  return false;
}

LockReachability computeLockReachability(const Program &P,
                                         const EntryPoints *E) {
  const EntryPoints *Entries = E;
  const int NF = static_cast<int>(P.Functions.size());
  LockReachability R;
  R.Reached.resize(NF);
  std::deque<std::pair<int, int>> Queue; // (function, entry)
  static const EdgeLocks NoLocks;
  auto InfoOf = [&](const Edge &E) -> const EdgeLocks & {
    return E.LockInfo >= 0 ? P.CallLocks[E.LockInfo] : NoLocks;
  };
  // The lock reaches E.To over E: under its own key (a global or a member
  // is one lock everywhere) and the parameters it is passed to.
  // A lock reaching function F, once per lock key and at most MaxLocks.
  auto Add = [&](int F, LockReach N) {
    auto &Rs = R.Reached[F];
    if (Rs.size() >= LockReachability::MaxLocks)
      return;
    for (const LockReach &Old : Rs)
      if (Old.Lock.Lock == N.Lock.Lock)
        return;
    Rs.push_back(std::move(N));
    Queue.push_back({F, static_cast<int>(Rs.size()) - 1});
  };
  auto Enter = [&](int From, int FromReach, const Edge &E,
                   const HeldLockFact &Lock,
                   const std::vector<std::string> &Aliases, int Dist) {
    // Most calls reach a function that has this lock or its fill of locks
    // already: say so before building the entry (strings, aliases).
    const auto &Rs = R.Reached[E.To];
    if (Rs.size() >= LockReachability::MaxLocks ||
        std::any_of(Rs.begin(), Rs.end(), [&](const LockReach &Old) {
          return Old.Lock.Lock == Lock.Lock;
        }))
      return;
    LockReach N;
    N.Lock = Lock;
    N.Dist = Dist;
    N.Pred = From;
    N.PredReach = FromReach;
    N.PredSite = E.Where;
    N.Aliases.push_back(Lock.Lock);
    for (const LockArgFact &A : InfoOf(E).Args)
      if (std::find(Aliases.begin(), Aliases.end(), A.Lock) != Aliases.end())
        N.Aliases.push_back("param:" + P.Functions[E.To].Id + ":" +
                            std::to_string(A.Index));
    Add(E.To, std::move(N));
  };
  // Seeds in function order, then site order: deterministic witnesses.
  // Calls through function pointers are not followed under a lock: their
  // storage-based targets merge every instance of a generic container's
  // callback slot (every list's free method), too coarse to blame a lock.
  // Nor are registrations: a callback handed to a function that only stores
  // it runs later, where it is called from, not under the registrar's lock.
  // Nor are calls that report a failed call (`if (pthread_sigmask(...))
  // log(strerror(errno))`): the report is what the branch is for, and it
  // runs only when the call failed.
  // Functions entered with a runtime's lock held come first: distance 0,
  // the function itself holds the lock from its first statement.
  for (size_t I = 0; I < P.EntryLocks.size(); ++I) {
    const EntryLockFact &En = P.EntryLocks[I];
    int F = P.find(En.Function);
    if (F < 0)
      continue;
    LockReach N;
    N.Lock.Lock = En.Lock;
    N.Lock.Name = En.Name;
    N.Lock.Acquired = En.Where;
    N.Dist = 0;
    N.PredSite = En.Where;
    N.Entry = static_cast<int>(I);
    N.Aliases.push_back(En.Lock);
    Add(F, std::move(N));
  }
  for (int F = 0; F < NF; ++F)
    for (const Edge &E : P.Calls[F])
      if (!E.Indirect && !E.Registration && !E.Report)
        for (const HeldLockFact &H : E.Held)
          if (!Entries || !*Entries->uncontended(F, H))
            Enter(F, -1, E, H, {H.Lock}, 1);
  while (!Queue.empty()) {
    auto [F, I] = Queue.front();
    Queue.pop_front();
    // Enter may grow R.Reached[F] when F calls itself (recursion): then
    // a copy, else the entry in place (most functions do not).
    const std::vector<Edge> &Out = P.Calls[F];
    std::optional<LockReach> Copy;
    if (std::any_of(Out.begin(), Out.end(),
                    [&](const Edge &E) { return E.To == F; }))
      Copy = R.Reached[F][I];
    const LockReach &From = Copy ? *Copy : R.Reached[F][I];
    for (const Edge &E : Out) {
      if (E.Indirect || E.Registration || E.Report)
        continue;
      if (From.releasedBy(InfoOf(E).Released))
        continue; // the call runs after this function gave the lock up
      Enter(F, I, E, From.Lock, From.Aliases, From.Dist + 1);
    }
  }
  return R;
}

/// Marks what the marked functions call, transitively.
static void markCallees(const Program &P, std::vector<bool> &Marked) {
  std::deque<int> Work;
  for (int F = 0; F < static_cast<int>(Marked.size()); ++F)
    if (Marked[F])
      Work.push_back(F);
  while (!Work.empty()) {
    int F = Work.front();
    Work.pop_front();
    for (const Edge &E : P.Calls[F])
      if (!Marked[E.To]) {
        Marked[E.To] = true;
        Work.push_back(E.To);
      }
  }
}

EntryPoints computeEntryPoints(const Program &P, const LoopReachability &L,
                               int Cap) {
  const int NF = static_cast<int>(P.Functions.size());
  EntryPoints Out;
  std::vector<std::vector<int>> Callers(NF);
  for (int F = 0; F < NF; ++F)
    for (const Edge &E : P.Calls[F])
      Callers[E.To].push_back(F);

  // Loop drivers: functions that run an event loop (io_context::run,
  // event_base_loop...) from outside any loop, and their callers outside
  // any loop. What they do besides is start-up before the loop and shutdown
  // after it: no request path runs through them. A function the loop
  // reaches (a handler pumping a nested loop, redis's
  // processEventsWhileBlocked) is loop context, not a driver.
  std::vector<bool> Root(NF, false), Driver(NF, false);
  {
    std::deque<int> Work;
    for (const RunnerFact &R : P.Runners)
      if (int F = P.find(R.Function);
          F >= 0 && !L.reached(F) && !Driver[F]) {
        Driver[F] = true;
        Work.push_back(F);
      }
    while (!Work.empty()) {
      int F = Work.front();
      Work.pop_front();
      for (int C : Callers[F])
        if (!L.reached(C) && !Driver[C]) {
          Driver[C] = true;
          Work.push_back(C);
        }
    }
  }
  // An idle handler runs only while its loop has nothing else to do, and a
  // timer armed at start-up (by a loop driver) or only by itself (a tick
  // that re-arms) runs when its time comes: on the loop, but they serve no
  // request. A lock only they and background threads take serialises no
  // request; one that request handlers take too is counted through those
  // handlers. A timer armed anywhere else may carry a request on (a
  // deferred step, the request's timeout: libhv's resolver starts each
  // query from a 1 ms timer) and stays an entry point.
  std::vector<char> Tick(NF, 0); // 1: a start-up or self-armed timer only
  for (const RootFact &R : P.Roots)
    if (R.Timer)
      if (int F = P.find(R.Function); F >= 0 && Tick[F] != 2) {
        int C = P.find(R.Registrar);
        Tick[F] = C >= 0 && (Driver[C] || C == F) ? 1 : 2;
      }
  for (const LoopRoot &R : L.Roots)
    if (R.Function >= 0 && R.K != LoopRoot::Reactor && !R.Idle &&
        !(R.Timer && Tick[R.Function] == 1))
      Root[R.Function] = true;

  // Request entry points: loop roots, the calls of reactor loop bodies,
  // tasks handed to pools, and long-lived thread bodies that serve requests:
  // started per accepted connection, as one of a pool (in a loop), or from
  // a request path. A thread started once with no request source (a
  // janitor, a logger, a crawler, a loop thread) is background work, and
  // so is one whose handle is a single global (OffloadFact::Singleton),
  // whoever starts it: an admin command starting the crawler.
  std::vector<bool> Entry(NF, false);
  std::vector<int> Entries;
  auto AddEntry = [&](int F) {
    if (F >= 0 && !Entry[F]) {
      Entry[F] = true;
      Entries.push_back(F);
    }
  };
  for (int F = 0; F < NF; ++F)
    if (Root[F])
      AddEntry(F);
  for (size_t I = 0; I < P.Reactors.size(); ++I)
    for (const Edge &E : P.ReactorCalls[I])
      AddEntry(E.To);
  // A request reaches a thread only through something it waits on: a
  // socket, a queue's condition variable, an event loop. A pool of threads
  // whose bodies wait on nothing (a benchmark's contending workers, a
  // parallel computation) takes no requests.
  std::vector<bool> WaitsForWork(NF, false);
  {
    std::deque<int> Work;
    auto Mark = [&](int F) {
      if (F >= 0 && !WaitsForWork[F]) {
        WaitsForWork[F] = true;
        Work.push_back(F);
      }
    };
    for (const BlockingFact &B : P.Blocking)
      Mark(P.find(B.Caller));
    for (const ReactorFact &R : P.Reactors)
      Mark(P.find(R.Function));
    for (const ReactorFact &R : P.StrayWaits)
      Mark(P.find(R.Function));
    for (const RunnerFact &R : P.Runners)
      Mark(P.find(R.Function));
    for (int F : P.CallsOutside)
      Mark(F); // code outside the program may wait (a vendor's queue)
    for (int F = 0; F < NF; ++F)
      for (const Edge &E : P.Calls[F])
        if (E.Indirect)
          Mark(F); // a task run through a pointer: it came from somewhere
    while (!Work.empty()) {
      int F = Work.front();
      Work.pop_front();
      for (int C : Callers[F])
        Mark(C);
    }
  }
  for (const auto &O : P.Offloads)
    if (O.Api != "fork" && !O.AtExit &&
        (!O.Thread || O.PerConnection ||
                            (O.InLoop && P.find(O.Target) >= 0 &&
                             WaitsForWork[P.find(O.Target)])))
      AddEntry(P.find(O.Target));
  // Starters: functions that start a thread themselves. Starting threads is
  // start-up work (a latch waited for once per thread start): not a request
  // path beyond the start itself, unless the starter is an entry point.
  std::vector<bool> Starter(NF, false);
  for (const auto &O : P.Offloads)
    if (O.Thread)
      if (int F = P.find(O.Caller); F >= 0)
        Starter[F] = true;
  // A function the config calls rare (an admin or statistics command) is
  // not entered: what requests reach only through it is not a request path.
  auto IsRare = [&](int F) { return !L.Rare.empty() && L.Rare[F]; };
  auto Passes = [&](int F) {
    return !Driver[F] && (!Starter[F] || Entry[F]) && !IsRare(F);
  };
  // Threads started from a request path are per-request threads: entry
  // points too, found by a fixpoint over request reachability.
  std::vector<bool> Reached(NF, false), Expanded(NF, false);
  {
    std::deque<int> Work;
    size_t Seeded = 0;
    for (;;) {
      for (; Seeded < Entries.size(); ++Seeded) {
        Reached[Entries[Seeded]] = true;
        Work.push_back(Entries[Seeded]);
      }
      while (!Work.empty()) {
        int F = Work.front();
        Work.pop_front();
        if (Expanded[F] || !Passes(F))
          continue;
        Expanded[F] = true;
        for (const Edge &E : P.Calls[F])
          if (!E.Cold && !Reached[E.To]) {
            Reached[E.To] = true;
            Work.push_back(E.To);
          }
      }
      size_t Before = Entries.size();
      for (const auto &O : P.Offloads)
        if (O.Thread && O.Api != "fork" && !O.Singleton && !O.AtExit)
          if (int C = P.find(O.Caller); C >= 0 && Reached[C] && !Driver[C])
            AddEntry(P.find(O.Target));
      if (Entries.size() == Before)
        break;
    }
  }
  std::sort(Entries.begin(), Entries.end());
  std::vector<std::vector<int>> Labels(NF);
  std::deque<std::pair<int, int>> Queue;
  for (int E : Entries)
    if (!Driver[E]) {
      Labels[E].push_back(E);
      Queue.push_back({E, E});
    }
  while (!Queue.empty()) {
    auto [F, Label] = Queue.front();
    Queue.pop_front();
    if (!Passes(F))
      continue;
    for (const Edge &E : P.Calls[F]) {
      if (E.Cold)
        continue; // handling a failed call: not a request's path
      auto &Ls = Labels[E.To];
      if (static_cast<int>(Ls.size()) >= Cap ||
          std::find(Ls.begin(), Ls.end(), Label) != Ls.end())
        continue;
      Ls.push_back(Label);
      Queue.push_back({E.To, Label});
    }
  }
  Out.Count.resize(NF);
  for (int F = 0; F < NF; ++F)
    Out.Count[F] = Passes(F) ? static_cast<int>(Labels[F].size()) : 0;
  // Below the rare functions requests reach: what only they lead to.
  Out.RareVia.assign(NF, -1);
  {
    std::deque<int> Work;
    for (int F = 0; F < NF; ++F)
      if (IsRare(F) && Reached[F]) {
        Out.RareVia[F] = F;
        Work.push_back(F);
      }
    while (!Work.empty()) {
      int F = Work.front();
      Work.pop_front();
      for (const Edge &E : P.Calls[F])
        if (!E.Cold && Out.Count[E.To] == 0 && Out.RareVia[E.To] < 0 &&
            !Driver[E.To]) {
          Out.RareVia[E.To] = Out.RareVia[F];
          Work.push_back(E.To);
        }
    }
  }
  Out.Objects = ObjectFlow(P, Labels, Entries, Cap);

  Out.FromOffload.assign(NF, false);
  for (const auto &O : P.Offloads)
    if (int F = P.find(O.Target); F >= 0)
      Out.FromOffload[F] = true;
  markCallees(P, Out.FromOffload);

  // Functions that end the process: every path ends in a noreturn call of
  // their own (FunctionFact::Ends), or a call declares them not to return
  // (Program::NoReturn), or every path ends in a call to such a function (a
  // forwarder: `void RM_Assert(...) { serverAssertFailed(...); }`, reached
  // through a module API table). A call to one (from anything but `main`,
  // whose whole run may end in `exit(serve())`) is a call on a branch that
  // ends the process.
  std::vector<bool> Fatal(NF, false);
  for (const std::string &Id : P.NoReturn)
    if (int F = P.find(Id); F >= 0)
      Fatal[F] = true;
  // An assertion handler whose call sites say the process ends after it
  // without saying that it does not return: clang expands redis's
  // `(_serverAssert(...), redis_unreachable())` with abort(), as
  // redis_unreachable is __builtin_unreachable only for __GNUC__ >= 5. A
  // function called on branches that end the process (Program::ExitCalls)
  // and otherwise only as the last call of an exported forwarder is only
  // ever left by ending the process: it ends it as far as its callers go.
  // An exported forwarder ends every path in that call
  // (FunctionFact::EndsVia) and is reached only through pointers (redis's
  // module API table holding RM__Assert), never called by name nor
  // registered as a handler or thread: its callers are the API's users.
  // Any other way in (a plain call, a tail call from an ordinary function,
  // a call through a pointer, a handler or thread start) keeps the
  // function out.
  {
    std::vector<int> ExitIn(NF, 0);
    std::vector<bool> Named(NF, false), Started(NF, false), OtherIn(NF, false);
    for (const auto &[From, To] : P.ExitCalls)
      ++ExitIn[To];
    for (int F = 0; F < NF; ++F)
      for (const Edge &E : P.Calls[F])
        Named[E.To] = Named[E.To] || !(E.Callback || E.Indirect || E.Registration);
    for (const auto &O : P.Offloads)
      if (int F = P.find(O.Target); F >= 0)
        Started[F] = true;
    auto Exported = [&](int G) {
      return P.Functions[G].Ends && !Named[G] && !Started[G] && !Root[G] &&
             !Entry[G];
    };
    for (int F = 0; F < NF; ++F)
      for (const Edge &E : P.Calls[F])
        OtherIn[E.To] =
            OtherIn[E.To] || !Exported(F) ||
            std::find(P.Functions[F].EndsVia.begin(),
                      P.Functions[F].EndsVia.end(),
                      P.Functions[E.To].Id) == P.Functions[F].EndsVia.end();
    for (int F = 0; F < NF; ++F)
      if (ExitIn[F] > 0 && !OtherIn[F] && !Started[F] && !Root[F] && !Entry[F])
        Fatal[F] = true;
  }
  closeEnds(P, Fatal);
  auto OnTheWayOut = [&](int From, const Edge &E) {
    return (E.AfterLoop && Driver[From]) ||
           (Fatal[E.To] && P.Functions[From].Name != "main");
  };

  // Out of service: every way in is a call made after a loop driver's loop
  // returned, a call on a branch that ends the process (or to a function
  // that ends it), or a call from a function out of service; crash-signal
  // handlers too. Entry points and thread bodies have other ways in. A least
  // fixpoint: Bad counts the ways in not (yet) known to be out of service.
  Out.OutOfService.assign(NF, false);
  {
    std::vector<bool> Other(NF, false);
    for (int F = 0; F < NF; ++F)
      Other[F] = Root[F] || Entry[F];
    std::vector<int> Bad(NF, 0), Good(NF, 0);
    // A function run at exit (atexit) is entered on the way out.
    for (const auto &O : P.Offloads)
      if (int F = P.find(O.Target); F >= 0) {
        if (O.AtExit)
          ++Good[F];
        else
          Other[F] = true;
      }
    for (int F = 0; F < NF; ++F)
      for (const Edge &E : P.Calls[F])
        ++(OnTheWayOut(F, E) ? Good : Bad)[E.To];
    for (const auto &[From, To] : P.ExitCalls)
      ++Good[To];
    std::deque<int> Work;
    auto Mark = [&](int F) {
      if (!Out.OutOfService[F]) {
        Out.OutOfService[F] = true;
        Work.push_back(F);
      }
    };
    for (int F : P.CrashHandlers)
      Mark(F);
    for (int F = 0; F < NF; ++F)
      if (!Other[F] && Bad[F] == 0 && Good[F] > 0)
        Mark(F);
    while (!Work.empty()) {
      int F = Work.front();
      Work.pop_front();
      for (const Edge &E : P.Calls[F])
        if (!OnTheWayOut(F, E) && --Bad[E.To] == 0 && !Other[E.To])
          Mark(E.To);
    }
  }
  // Background: reached only from thread bodies. A function that other
  // code reaches too (main, a library function no one in the program calls,
  // a test driving the class directly) may run on any thread.
  {
    std::vector<bool> Target(NF, false), Elsewhere(NF, false);
    for (const auto &O : P.Offloads)
      if (int F = P.find(O.Target); F >= 0)
        Target[F] = true;
    for (int F = 0; F < NF; ++F)
      Elsewhere[F] = !Target[F] && Callers[F].empty() && !Out.OutOfService[F];
    markCallees(P, Elsewhere);
    Out.Background.assign(NF, false);
    for (int F = 0; F < NF; ++F)
      Out.Background[F] = Out.FromOffload[F] && !Elsewhere[F] &&
                          Out.Count[F] == 0 && !Out.OutOfService[F];
  }
  // Single-threaded programs. A compile database often holds a library and
  // its examples, each with a `main`: a program whose `main` reaches no
  // thread start and no pool task, registering its handlers and running its
  // loops only through code the program defines (whose own thread starts
  // would be in reach), runs every handler it registers on the one thread.
  // A program's reach follows calls, registrations and the bodies of the
  // threads and tasks it starts; a call through a pointer to a registered
  // handler (a loop's dispatch, `io->read_cb(io, buf, n)`) is not followed:
  // which handlers a program has is what it registers, not every handler
  // of every program the dispatch may call. A request entry point in reach
  // of such mains only is single-threaded, and so is a function that only
  // such entry points reach.
  Out.SingleThreaded.assign(NF, false);
  Out.SingleThreadedEntry.assign(NF, false);
  {
    std::vector<int> Mains;
    for (int F = 0; F < NF; ++F)
      if (P.Functions[F].Name == "main" && Callers[F].empty())
        Mains.push_back(F);
    // One walk per program: a bound keeps a database of thousands of test
    // programs linear (beyond it nothing is called single-threaded).
    constexpr size_t MaxPrograms = 64;
    if (!Mains.empty() && Mains.size() <= MaxPrograms) {
      // Per function: the thread bodies and pool tasks it starts, the
      // handlers it registers, and the definitions of the registration and
      // runner APIs it calls.
      std::vector<std::vector<int>> Started(NF);
      std::vector<bool> Starts(NF, false);
      // A child process has its own locks; a function run at exit
      // (OffloadFact::AtExit) runs when every other user is gone.
      for (const auto &O : P.Offloads)
        if (O.Api != "fork" && !O.AtExit)
          if (int F = P.find(O.Caller); F >= 0) {
            Starts[F] = true;
            if (int T = P.find(O.Target); T >= 0)
              Started[F].push_back(T);
          }
      std::vector<bool> Handler(NF, false);
      for (const RootFact &R : P.Roots)
        if (int F = P.find(R.Function); F >= 0)
          Handler[F] = true;
      // The program's own definitions of the registration and runner APIs
      // its functions call (those calls are catalogued, not call edges):
      // walked into like calls. An API the program does not define is
      // outside it, and so are the threads it may run handlers on.
      std::unordered_map<std::string, std::vector<int>> ByName;
      for (const RootFact &R : P.Roots)
        if (R.Via.empty())
          ByName[R.Api];
      for (const RunnerFact &R : P.Runners)
        ByName[R.Api];
      for (int F = 0; F < NF; ++F)
        if (auto It = ByName.find(P.Functions[F].Name); It != ByName.end())
          It->second.push_back(F);
      std::vector<bool> Opaque(NF, false);
      auto UsesApi = [&](int F, const std::string &Api) {
        auto It = ByName.find(Api);
        if (It->second.empty()) {
          Opaque[F] = true;
          return;
        }
        for (int T : It->second)
          Started[F].push_back(T);
      };
      for (const RootFact &R : P.Roots)
        if (int F = P.find(R.Registrar); F >= 0) {
          if (int H = P.find(R.Function); H >= 0)
            Started[F].push_back(H); // the handlers it registers
          if (R.Via.empty())
            UsesApi(F, R.Api);
          else if (R.Via != "field")
            Opaque[F] = true;
        }
      for (const RunnerFact &R : P.Runners)
        if (int F = P.find(R.Function); F >= 0)
          UsesApi(F, R.Api);
      // Everything a walk from Seeds reaches, as above (also left in Seen).
      std::vector<char> Seen(NF, 0);
      auto Walk = [&](std::vector<int> Seeds) {
        std::fill(Seen.begin(), Seen.end(), 0);
        for (int S : Seeds)
          Seen[S] = 1;
        for (size_t I = 0; I < Seeds.size(); ++I) {
          int F = Seeds[I];
          auto Visit = [&](int T) {
            if (!Seen[T]) {
              Seen[T] = 1;
              Seeds.push_back(T);
            }
          };
          for (const Edge &E : P.Calls[F])
            if (!(E.Indirect && Handler[E.To]))
              Visit(E.To);
          for (int T : Started[F])
            Visit(T);
        }
        return Seeds;
      };
      std::vector<char> Kind(NF, 0); // 1: single-threaded programs only
      for (int M : Mains) {
        std::vector<int> Reach = Walk({M});
        bool Multi = std::any_of(Reach.begin(), Reach.end(), [&](int F) {
          return Starts[F] || Opaque[F];
        });
        for (int F : Reach)
          Kind[F] = std::max<char>(Kind[F], Multi ? 2 : 1);
      }
      std::vector<int> Others;
      for (int F : Entries) {
        Out.SingleThreadedEntry[F] = Kind[F] == 1;
        if (Kind[F] != 1)
          Others.push_back(F);
      }
      // Single-threaded: on a request path, and reached by no request
      // entry point that is not known to be single-threaded.
      Walk(Others);
      for (int F = 0; F < NF; ++F)
        Out.SingleThreaded[F] = Out.Count[F] > 0 && !Seen[F];
    }
  }
  // Locks a request path may wait for.
  {
    std::vector<bool> Request(NF, false), Controller(NF, false);
    for (int F = 0; F < NF; ++F)
      Request[F] = Out.Count[F] > 0 || L.reached(F);
    for (const ReactorFact &R : P.Reactors)
      if (int F = P.find(R.Function); F >= 0)
        Request[F] = true;
    for (int F = 0; F < NF; ++F)
      Controller[F] = Starter[F];
    for (const BlockingFact &B : P.Blocking)
      if (llvm::StringRef(B.Api).ends_with("join"))
        if (int F = P.find(B.Caller); F >= 0)
          Controller[F] = true;
    for (const CriticalSectionFact &C : P.CriticalSections) {
      int F = P.find(C.Function);
      if (F < 0 || !Request[F] || Controller[F] ||
          acquiresWithoutWaiting(C.Api))
        continue;
      Out.RequestLocks.insert(C.Lock.Lock);
      if (auto It = P.LockArgs.find(C.Lock.Lock); It != P.LockArgs.end())
        for (const LockArgFact &A : It->second)
          Out.RequestLocks.insert(A.Lock);
    }
    // A lock taken through a parameter is its callers' lock.
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const auto &[Param, Args] : P.LockArgs)
        if (!Out.RequestLocks.count(Param))
          for (const LockArgFact &A : Args)
            if (Out.RequestLocks.count(A.Lock)) {
              Out.RequestLocks.insert(Param);
              Changed = true;
              break;
            }
    }
  }

  // May block: reverse reachability from functions with a blocking site.
  Out.MayBlock.assign(NF, false);
  std::deque<int> Work;
  for (const auto &B : P.Blocking)
    if (int F = P.find(B.Caller); F >= 0 && !B.RawSocket && !Out.MayBlock[F]) {
      Out.MayBlock[F] = true;
      Work.push_back(F);
    }
  while (!Work.empty()) {
    int F = Work.front();
    Work.pop_front();
    for (int C : Callers[F])
      if (!Out.MayBlock[C]) {
        Out.MayBlock[C] = true;
        Work.push_back(C);
      }
  }
  return Out;
}

bool acquiresWithoutWaiting(llvm::StringRef Api) {
  llvm::StringRef Name = Api.rsplit("::").second;
  if (Name.empty())
    Name = Api; // a C function: no qualifier
  return Name.contains_insensitive("try") && !Name.contains_insensitive("timed") &&
         !Name.contains_insensitive("clock") && !Name.ends_with("_for") &&
         !Name.ends_with("_until") && !Name.ends_with("For") &&
         !Name.ends_with("Until");
}

void Program::addCallEdge(int From, const CallFact &C, int To,
                          bool Registration) {
  int Info = -1;
  if (!C.LockArgs.empty() || !C.Released.empty()) {
    Info = static_cast<int>(CallLocks.size());
    CallLocks.push_back({C.LockArgs, C.Released});
  }
  int Binding = -1;
  if (C.Receiver.known() || !C.ArgObjects.empty()) {
    Binding = static_cast<int>(Bindings.size());
    Bindings.push_back({C.Receiver, C.ArgObjects});
  }
  int ArgInfo = -1;
  if (!C.Args.empty()) {
    ArgInfo = static_cast<int>(CallArgs.size());
    CallArgs.push_back(C.Args);
  }
  Calls[From].push_back({To, C.Where, C.Callback, false, C.Held, Info, Binding,
                         Registration, C.AfterLoop, ArgInfo, C.Cold, C.Report});
}

std::vector<std::string>
callTargets(const CallFact &C,
            std::initializer_list<const OverriderMap *> Maps) {
  std::vector<std::string> Out{C.Callee};
  if (!C.Virtual)
    return Out;
  std::set<std::string> Seen{C.Callee};
  for (size_t I = 0; I < Out.size(); ++I)
    for (const OverriderMap *Map : Maps)
      if (auto It = Map->find(Out[I]); It != Map->end())
        for (const auto &O : It->second)
          if (Seen.insert(O).second)
            Out.push_back(O);
  return Out;
}

llvm::StringRef Program::argOf(const Edge &E, unsigned I) const {
  if (E.ArgInfo < 0)
    return "";
  llvm::StringRef Rest = CallArgs[E.ArgInfo];
  for (unsigned K = 0; K < I && !Rest.empty(); ++K)
    Rest = Rest.split(',').second;
  return Rest.split(',').first;
}

const char *EntryPoints::uncontended(int Fn, const HeldLockFact &H) const {
  if (H.Private)
    return "taken in its object's destructor after the object's threads "
           "were joined";
  if (Fn < 0 || static_cast<size_t>(Fn) >= OutOfService.size())
    return "";
  if (OutOfService[Fn])
    return "held only after the event loop returned or on the way out";
  if (static_cast<size_t>(Fn) < SingleThreaded.size() && SingleThreaded[Fn])
    return "held only in a program that starts no thread";
  // A runtime's named lock (the Python GIL) is also taken by threads
  // outside the program (the interpreter's): someone always waits.
  if (Background[Fn] && !RequestLocks.count(H.Lock) && !isNamedLockKey(H.Lock))
    return "held by a background thread; no request path waits for it";
  return "";
}
} // namespace stallscan
