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
#include "catalog/Catalog.h"
#include "summary/SortUnique.h"

#include "llvm/ADT/STLExtras.h"
#include <algorithm>
#include <deque>
#include <set>
#include <string_view>
#include <tuple>

namespace stallscan {

DefinitionSplit
findConflictingDefinitions(const std::vector<const TUSummary *> &Units) {
  // The first place of each id, and whether another place was seen.
  std::unordered_map<std::string_view, const Loc *> First;
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
    if (In(F.Id) || std::any_of(F.Overrides.begin(), F.Overrides.end(), In))
      return true;
  return Any(S.Calls, &CallFact::Callee) || Any(S.Roots, &RootFact::Function) ||
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

Program link(const std::vector<TUSummary> &Input) {
  std::vector<const TUSummary *> Units;
  for (const TUSummary &S : Input)
    Units.push_back(&S);
  return link(Units);
}

Program link(std::vector<const TUSummary *> Units, bool AlreadySplit) {
  std::deque<TUSummary> Renamed;
  if (!AlreadySplit)
    findConflictingDefinitions(Units).applyTo(Units, Renamed);
  auto Summaries = llvm::make_pointee_range(Units);
  Program P;
  for (const auto &S : Summaries)
    for (const auto &F : S.Functions)
      if (!P.Index.count(F.Id)) {
        P.Index[F.Id] = static_cast<int>(P.Functions.size());
        P.Functions.push_back(F);
      }
  // Deterministic node order, independent of TU order.
  std::vector<int> Order(P.Functions.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = static_cast<int>(I);
  std::sort(Order.begin(), Order.end(), [&](int A, int B) {
    return std::tie(P.Functions[A].Where, P.Functions[A].Id) <
           std::tie(P.Functions[B].Where, P.Functions[B].Id);
  });
  std::vector<FunctionFact> Sorted;
  P.Index.clear();
  for (int I : Order) {
    P.Index[P.Functions[I].Id] = static_cast<int>(Sorted.size());
    Sorted.push_back(std::move(P.Functions[I]));
  }
  P.Functions = std::move(Sorted);

  // Overriders, transitively: base id -> every override below it.
  std::unordered_map<std::string, std::vector<std::string>> Overriders;
  for (const auto &F : P.Functions)
    for (const auto &Base : F.Overrides)
      Overriders[Base].push_back(F.Id);
  auto Targets = [&](const CallFact &C) {
    std::vector<std::string> Out{C.Callee};
    if (!C.Virtual)
      return Out;
    std::set<std::string> Seen{C.Callee};
    for (size_t I = 0; I < Out.size(); ++I) {
      auto It = Overriders.find(Out[I]);
      if (It == Overriders.end())
        continue;
      for (const auto &O : It->second)
        if (Seen.insert(O).second)
          Out.push_back(O);
    }
    return Out;
  };

  std::set<std::string> FileFds;
  for (const auto &S : Summaries)
    FileFds.insert(S.FileFds.begin(), S.FileFds.end());

  P.Calls.resize(P.Functions.size());
  std::set<std::tuple<int, int, Loc, bool>> SeenEdges;
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

  for (const auto &S : Summaries) {
    for (const auto &C : S.Calls) {
      for (const LockArgFact &A : C.LockArgs)
        P.LockArgs["param:" + C.Callee + ":" + std::to_string(A.Index)]
            .push_back(A);
      int From = P.find(C.Caller);
      int Reactor = ReactorId(S, C.Reactor);
      for (const auto &T : Targets(C)) {
        int To = P.find(T);
        if (To < 0)
          continue;
        if (From >= 0 &&
            SeenEdges.insert({From, To, C.Where, C.Callback}).second) {
          int Binding = -1;
          if (C.Receiver.known() || !C.ArgObjects.empty()) {
            Binding = static_cast<int>(P.Bindings.size());
            P.Bindings.push_back({C.Receiver, C.ArgObjects});
          }
          P.Calls[From].push_back(
              {To, C.Where, C.Callback, false, C.Held, Binding});
        }
        if (Reactor >= 0)
          P.ReactorCalls[Reactor].push_back({To, C.Where, C.Callback});
      }
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
      P.Blocking.push_back(std::move(B));
    }
    P.Roots.insert(P.Roots.end(), S.Roots.begin(), S.Roots.end());
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
        if (int F = P.find(A.Function); F >= 0 && !Offloaded.count(A.Function))
          ByStorage[A.Storage].insert(F);
    for (const auto &S : Summaries)
      for (const auto &I : S.IndirectCalls) {
        auto It = ByStorage.find(I.Storage);
        if (It == ByStorage.end())
          continue;
        int From = P.find(I.Caller);
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

  for (auto &Es : P.Calls) {
    sortUnique(Es, [](const Edge &E) {
      return std::tie(E.Where, E.To, E.Callback, E.Indirect);
    });
    P.CallEdgeCount += Es.size();
  }
  for (auto &Es : P.ReactorCalls)
    sortUnique(Es, [](const Edge &E) {
      return std::tie(E.Where, E.To, E.Callback, E.Indirect);
    });
  sortUnique(P.Roots, [](const RootFact &R) {
    return std::tie(R.Where, R.Function, R.Api, R.Registrar);
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

LoopReachability computeLoopReachability(const Program &P,
                                         const LoopOptions &Opts) {
  LoopReachability R;
  const int NF = static_cast<int>(P.Functions.size());
  const int N = NF + static_cast<int>(P.Reactors.size());
  R.Dist.assign(N, -1);
  R.Pred.assign(N, -1);
  R.RootOf.assign(N, -1);
  R.PredSite.assign(N, Loc());
  R.PredCallback.assign(N, false);
  R.PredIndirect.assign(N, false);

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
      R.Roots.push_back(
          {LoopRoot::Handler, F, -1, Rt.Api, Rt.Library, Rt.Where});
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
  }
  for (size_t I = 0; I < P.Reactors.size(); ++I)
    R.Roots.push_back({LoopRoot::Reactor, P.find(P.Reactors[I].Function),
                       static_cast<int>(I), P.Reactors[I].WaitApi, "",
                       P.Reactors[I].Where});
  std::stable_sort(R.Roots.begin(), R.Roots.end(),
                   [](const LoopRoot &A, const LoopRoot &B) {
                     return std::tie(A.Where, A.K) < std::tie(B.Where, B.K);
                   });

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
      if (R.Dist[E.To] >= 0)
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
  return R;
}

LockReachability computeLockReachability(const Program &P) {
  const int NF = static_cast<int>(P.Functions.size());
  LockReachability R;
  R.Dist.assign(NF, -1);
  R.Pred.assign(NF, -1);
  R.Seed.assign(NF, -1);
  R.PredSite.assign(NF, Loc());
  R.SeedLock.assign(NF, HeldLockFact());
  std::deque<int> Queue;
  // Seeds in function order, then site order: deterministic witnesses.
  // Calls through function pointers are not followed under a lock: their
  // storage-based targets merge every instance of a generic container's
  // callback slot (every list's free method), too coarse to blame a lock.
  for (int F = 0; F < NF; ++F)
    for (const Edge &E : P.Calls[F])
      if (!E.Held.empty() && !E.Indirect && R.Dist[E.To] < 0) {
        R.Dist[E.To] = 1;
        R.Pred[E.To] = F;
        R.Seed[E.To] = F;
        R.PredSite[E.To] = E.Where;
        R.SeedLock[E.To] = E.Held.front();
        Queue.push_back(E.To);
      }
  while (!Queue.empty()) {
    int F = Queue.front();
    Queue.pop_front();
    for (const Edge &E : P.Calls[F])
      if (!E.Indirect && R.Dist[E.To] < 0) {
        R.Dist[E.To] = R.Dist[F] + 1;
        R.Pred[E.To] = F;
        R.Seed[E.To] = R.Seed[F];
        R.PredSite[E.To] = E.Where;
        R.SeedLock[E.To] = R.SeedLock[F];
        Queue.push_back(E.To);
      }
  }
  return R;
}

EntryPoints computeEntryPoints(const Program &P, const LoopReachability &L,
                               int Cap) {
  const int NF = static_cast<int>(P.Functions.size());
  EntryPoints Out;
  // Entry points: loop roots and thread bodies; each labels what it reaches.
  std::vector<int> Entries;
  for (const LoopRoot &R : L.Roots)
    if (R.Function >= 0 && R.K != LoopRoot::Reactor)
      Entries.push_back(R.Function);
  for (size_t I = 0; I < P.Reactors.size(); ++I)
    for (const Edge &E : P.ReactorCalls[I])
      Entries.push_back(E.To);
  for (const auto &O : P.Offloads)
    if (int F = P.find(O.Target); F >= 0 && O.Api != "fork")
      Entries.push_back(F);
  std::sort(Entries.begin(), Entries.end());
  Entries.erase(std::unique(Entries.begin(), Entries.end()), Entries.end());
  std::vector<std::vector<int>> Labels(NF);
  std::deque<std::pair<int, int>> Queue;
  for (int E : Entries) {
    Labels[E].push_back(E);
    Queue.push_back({E, E});
  }
  while (!Queue.empty()) {
    auto [F, Label] = Queue.front();
    Queue.pop_front();
    for (const Edge &E : P.Calls[F]) {
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
    Out.Count[F] = static_cast<int>(Labels[F].size());
  Out.Objects = ObjectFlow(P, Labels, Entries, Cap);

  Out.FromOffload.assign(NF, false);
  std::deque<int> Reach;
  for (const auto &O : P.Offloads)
    if (int F = P.find(O.Target); F >= 0 && !Out.FromOffload[F]) {
      Out.FromOffload[F] = true;
      Reach.push_back(F);
    }
  while (!Reach.empty()) {
    int F = Reach.front();
    Reach.pop_front();
    for (const Edge &E : P.Calls[F])
      if (!Out.FromOffload[E.To]) {
        Out.FromOffload[E.To] = true;
        Reach.push_back(E.To);
      }
  }

  // May block: reverse reachability from functions with a blocking site.
  std::vector<std::vector<int>> Callers(NF);
  for (int F = 0; F < NF; ++F)
    for (const Edge &E : P.Calls[F])
      Callers[E.To].push_back(F);
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

} // namespace stallscan
