//===--- IncrementalLink.cpp - Link one more unit into a linked program ---===//
//
// withUnit() reproduces link({Fresh} + Units, true) (Program.cpp) from the
// base program and Fresh alone. What the fresh unit adds:
//
// - its functions: merged into the sorted node order, every base index
//   remapped (a monotone map: base edge lists stay sorted);
// - its facts, processed as link() processes the first unit, against the
//   base's tables joined with its own (overriders, stored and offload
//   parameters, file and non-blocking descriptors, moved classes, function
//   pointer storages);
// - the base calls, exit calls and crash handlers that named one of its
//   functions and found none, and the base's virtual calls: kept aside
//   when the base was linked (Site), they get the targets the fresh unit
//   gives them (its functions, its overriders), in the base's call order;
// - base edges passing a callback to a parameter it stores: registrations;
// - reactors: link() numbers them as calls and blocking facts first name
//   them, then as calls through pointers do; the fresh unit's come first
//   in each of the two runs.
//
// Lists that link() sorts and deduplicates keeping the first of equal keys
// are the fresh unit's facts followed by the base's already deduplicated
// list, deduplicated again: the same first of each key as over all facts.
//
// Everything the fresh unit could change in the base's own facts and this
// file does not redo is refused (withUnit() returns nullopt, with a reason).
//
//===----------------------------------------------------------------------===//
#include "analysis/IncrementalLink.h"
#include "summary/SortUnique.h"

#include "nlohmann/json.hpp"
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace stallscan {

namespace {

/// A base call the fresh unit may give a target: one naming a function no
/// base unit defines, or a virtual call (a new overrider).
struct Site {
  enum Kind { Normal, Exit, Offload } K = Normal;
  CallFact Call;    ///< Held, LockArgs, Released, Receiver, ... as written
  int From = -1;    ///< base index of the caller (-1: not defined)
  int Reactor = -1; ///< base reactor id
  std::string OffloadApi;            ///< Offload: the parameter's offload
  std::vector<std::string> Targets; ///< what link() gave it in the base
};

using ReactorKey = std::tuple<std::string, Loc, std::string>;

ReactorKey keyOf(const ReactorFact &R) {
  return std::make_tuple(R.Function, R.Where, R.WaitApi);
}

} // namespace

struct LinkedBase::State {
  Program P;
  std::vector<Site> Sites; ///< in link order
  /// Per callee id that no base unit defines: the sites calling it.
  std::unordered_map<std::string, std::vector<size_t>> Pendings;
  /// Per id a base virtual call may dispatch to: the virtual sites.
  std::unordered_map<std::string, std::vector<size_t>> Virtuals;
  OverriderMap Overriders;
  /// Resolved base edges made by calls passing a callback, per (PassedTo,
  /// PassedIndex) the base does not know as stored: they become
  /// registrations if the fresh unit stores that parameter.
  std::map<std::pair<std::string, unsigned>,
           std::vector<std::tuple<int, int, Loc, bool>>>
      Unregistered;
  std::set<std::pair<std::string, unsigned>> StoredParams;
  /// The storages of the stored parameters: a function passed there is in
  /// them (link()'s Registered).
  std::map<std::pair<std::string, unsigned>, std::vector<std::string>>
      ParamStorages;
  std::map<std::pair<std::string, unsigned>, std::string> OffloadParams;
  /// (PassedTo, PassedIndex) of base calls passing a callback.
  std::set<std::pair<std::string, unsigned>> CallbackPassed;
  std::set<std::string> FileFds;
  /// RequiresFileFd keys of base blocking facts no file descriptor matched.
  std::set<std::string> RawFileFdKeys;
  TUSummary Descriptors; ///< the base's NonBlockingFds and FdFlows
  std::set<std::string> NonBlocking;
  std::set<std::string> Moved;
  std::set<std::string> ReceiverClasses; ///< of base roots
  std::set<std::string> Offloaded;       ///< base thread entry points
  std::map<std::string, std::set<std::string>> ByStorage; ///< storage -> ids
  std::unordered_set<std::string> AddressTakenResolved;
  /// Address-taken functions no base unit defines, with their storages.
  std::unordered_map<std::string, std::vector<std::string>> AddressTakenPending;
  std::set<std::string> IndirectStorages;
  /// Function \p Id is in \p Storage (an address-taken fact, or passed to
  /// a stored parameter).
  void storeFunction(const Program &P, const std::string &Id,
                     const std::string &Storage) {
    if (P.find(Id) >= 0) {
      ByStorage[Storage].insert(Id);
      AddressTakenResolved.insert(Id);
    } else {
      AddressTakenPending[Id].push_back(Storage);
    }
  }
  std::unordered_set<std::string> OnPool;
  /// Self-offloading coroutines no base unit defines.
  std::unordered_set<std::string> OnPoolPending;
  std::vector<std::string> CrashPending;
  /// Callers of base calls and calls through pointers that no base unit
  /// defines. Well-formed units record only their own functions' calls, and
  /// a TU's own facts are left out of the base, so a fresh unit defines none
  /// of them; malformed input can name one (link() then gives those calls
  /// their caller's edges, which withUnit() does not redo: refused).
  std::unordered_set<std::string> UndefinedCallers;
  std::map<ReactorKey, int> ReactorIds;
  size_t ReactorsFromCalls = 0; ///< reactors numbered before indirect calls
};

LinkedBase::LinkedBase(const std::vector<const TUSummary *> &Units)
    : S(std::make_unique<State>()) {
  State &St = *S;
  St.P = link(Units, /*AlreadySplit=*/true);
  const Program &P = St.P;
  for (size_t I = 0; I < P.Reactors.size(); ++I)
    St.ReactorIds[keyOf(P.Reactors[I])] = static_cast<int>(I);

  for (const auto &F : P.Functions)
    for (const auto &Base : F.Overrides)
      St.Overriders[Base].push_back(F.Id);
  auto Targets = [&](const CallFact &C) {
    return callTargets(C, {&St.Overriders});
  };
  for (const TUSummary *U : Units) {
    St.FileFds.insert(U->FileFds.begin(), U->FileFds.end());
    St.Descriptors.NonBlockingFds.insert(St.Descriptors.NonBlockingFds.end(),
                                         U->NonBlockingFds.begin(),
                                         U->NonBlockingFds.end());
    St.Descriptors.FdFlows.insert(St.Descriptors.FdFlows.end(),
                                  U->FdFlows.begin(), U->FdFlows.end());
    St.Moved.insert(U->MovedClasses.begin(), U->MovedClasses.end());
    for (const StoredParamFact &F : U->StoredParams) {
      if (F.Storage.rfind("offload:", 0) == 0) {
        St.OffloadParams[{F.Function, F.Index}] = F.Storage.substr(8);
      } else {
        St.StoredParams.insert({F.Function, F.Index});
        if (registrationsFill(F.Storage))
          St.ParamStorages[{F.Function, F.Index}].push_back(F.Storage);
      }
    }
    for (const auto &O : U->Offloads)
      if (O.Api != "fork")
        St.Offloaded.insert(O.Target);
  }
  St.NonBlocking = nonBlockingDescriptors({&St.Descriptors});

  // The same walk as link(), noting what found nothing.
  std::set<std::tuple<Loc, std::string, std::string>> SeenBlocking;
  std::set<ReactorKey> Numbered;
  auto Number = [&](const TUSummary &U, int Local) {
    if (Local >= 0)
      Numbered.insert(keyOf(U.Reactors[Local]));
  };
  auto ReactorId = [&](const TUSummary &U, int Local) {
    if (Local < 0)
      return -1;
    auto It = St.ReactorIds.find(keyOf(U.Reactors[Local]));
    return It == St.ReactorIds.end() ? -1 : It->second;
  };
  for (const TUSummary *U : Units) {
    for (const CallFact &C : U->Calls) {
      std::vector<std::string> Ts = Targets(C);
      const std::pair<std::string, unsigned> Passed{C.PassedTo,
                                                    C.PassedIndex};
      Site Si;
      Si.From = P.find(C.Caller);
      if (Si.From < 0)
        St.UndefinedCallers.insert(C.Caller);
      if (C.Callback && !C.PassedTo.empty()) {
        St.CallbackPassed.insert(Passed);
        if (auto It = St.ParamStorages.find(Passed);
            It != St.ParamStorages.end())
          for (const std::string &T : Ts)
            if (!St.Offloaded.count(T))
              for (const std::string &Storage : It->second)
                St.storeFunction(P, T, Storage);
        if (auto It = St.OffloadParams.find(Passed);
            It != St.OffloadParams.end()) {
          Si.K = Site::Offload;
          Si.OffloadApi = It->second;
        }
      }
      if (Si.K != Site::Offload && C.Exit)
        Si.K = Site::Exit;
      if (Si.K == Site::Normal) {
        Number(*U, C.Reactor);
        Si.Reactor = ReactorId(*U, C.Reactor);
      }
      const size_t At = St.Sites.size();
      bool Keep = false;
      if (C.Virtual) {
        for (const auto &T : Ts)
          St.Virtuals[T].push_back(At);
        Keep = true;
      }
      if (Si.K != Site::Offload && (Si.From >= 0 || Si.Reactor >= 0))
        for (const auto &T : Ts)
          if (P.find(T) < 0 && (Si.K == Site::Normal || Si.From >= 0)) {
            St.Pendings[T].push_back(At);
            Keep = true;
          }
      if (Si.K == Site::Normal && C.Callback && !C.PassedTo.empty() &&
          !St.StoredParams.count(Passed) && Si.From >= 0)
        for (const auto &T : Ts)
          if (int To = P.find(T); To >= 0)
            St.Unregistered[Passed].push_back({Si.From, To, C.Where, true});
      if (Keep) {
        Si.Call = C;
        Si.Targets = std::move(Ts);
        St.Sites.push_back(std::move(Si));
      }
    }
    for (const BlockingFact &B : U->Blocking) {
      if (!SeenBlocking.insert({B.Where, B.Api, B.Caller}).second)
        continue;
      Number(*U, B.Reactor);
      if (!B.RequiresFileFd.empty() && !St.FileFds.count(B.RequiresFileFd))
        St.RawFileFdKeys.insert(B.RequiresFileFd);
    }
    for (const std::string &H : U->CrashHandlers)
      if (P.find(H) < 0)
        St.CrashPending.push_back(H);
    for (const RootFact &R : U->Roots)
      if (!R.ReceiverClass.empty())
        St.ReceiverClasses.insert(R.ReceiverClass);
    for (const AddressTakenFact &A : U->AddressTaken)
      if (!St.Offloaded.count(A.Function))
        St.storeFunction(P, A.Function, A.Storage);
    for (const IndirectCallFact &I : U->IndirectCalls) {
      St.IndirectStorages.insert(I.Storage);
      if (P.find(I.Caller) < 0)
        St.UndefinedCallers.insert(I.Caller);
    }
  }
  St.ReactorsFromCalls = Numbered.size();
  for (const auto &O : P.Offloads)
    if (O.Caller == O.Target)
      (P.find(O.Target) >= 0 ? St.OnPool : St.OnPoolPending).insert(O.Target);
}

LinkedBase::~LinkedBase() = default;

const Program &LinkedBase::program() const { return S->P; }

std::optional<Program> LinkedBase::withUnit(const TUSummary &Fresh,
                                            std::string *Why) const {
  const State &St = *S;
  const Program &P = St.P;
  auto Refuse = [&](const std::string &Reason) -> std::optional<Program> {
    if (Why)
      *Why = Reason;
    return std::nullopt;
  };

  // The fresh unit's functions: new ids only.
  std::vector<const FunctionFact *> Added;
  std::unordered_set<std::string> FreshIds;
  for (const FunctionFact &F : Fresh.Functions) {
    if (P.find(F.Id) >= 0)
      return Refuse("defines '" + F.Id + "', which the base defines too");
    if (FreshIds.insert(F.Id).second)
      Added.push_back(&F);
  }
  auto IsFresh = [&](const std::string &Id) { return FreshIds.count(Id) != 0; };
  for (const FunctionFact *F : Added)
    if (St.UndefinedCallers.count(F->Id))
      return Refuse("defines '" + F->Id +
                    "', whose calls a base unit records (malformed input)");
  for (const StoredParamFact &F : Fresh.StoredParams)
    if (F.Storage.rfind("offload:", 0) == 0 &&
        St.CallbackPassed.count({F.Function, F.Index}) &&
        !St.OffloadParams.count({F.Function, F.Index}))
      return Refuse("hands parameter " + std::to_string(F.Index) + " of '" +
                    F.Function + "' to an offload, and a base call passes a "
                    "callback there");
  for (const std::string &K : Fresh.FileFds)
    if (St.RawFileFdKeys.count(K))
      return Refuse("makes descriptor '" + K + "' a file for a base read");
  for (const std::string &C : Fresh.MovedClasses)
    if (!St.Moved.count(C) && St.ReceiverClasses.count(C))
      return Refuse("moves class '" + C + "' to another thread");
  std::set<std::string> Offloaded = St.Offloaded;
  for (const OffloadFact &O : Fresh.Offloads)
    if (O.Api != "fork") {
      if (St.AddressTakenResolved.count(O.Target))
        return Refuse("starts a thread on '" + O.Target +
                      "', which base code calls through a pointer");
      Offloaded.insert(O.Target);
    }
  std::set<std::string> FreshStorages;
  for (const IndirectCallFact &I : Fresh.IndirectCalls)
    FreshStorages.insert(I.Storage);
  for (const AddressTakenFact &A : Fresh.AddressTaken)
    if (St.IndirectStorages.count(A.Storage))
      return Refuse("stores a function in '" + A.Storage +
                    "', which base code calls through");
  // Functions passed to stored parameters are in their storages (link()'s
  // Registered): the fresh unit's, and the base's passed to a parameter the
  // fresh unit stores.
  std::map<std::pair<std::string, unsigned>, std::vector<std::string>>
      FreshParamStorages;
  for (const StoredParamFact &F : Fresh.StoredParams)
    if (registrationsFill(F.Storage)) {
      FreshParamStorages[{F.Function, F.Index}].push_back(F.Storage);
      if (St.CallbackPassed.count({F.Function, F.Index}) &&
          (St.IndirectStorages.count(F.Storage) ||
           FreshStorages.count(F.Storage)))
        return Refuse("stores parameter " + std::to_string(F.Index) +
                      " of '" + F.Function + "' in '" + F.Storage +
                      "', which base code passes functions to");
    }
  std::vector<std::pair<std::string, std::string>> FreshRegistered;
  for (const CallFact &C : Fresh.Calls) {
    if (!C.Callback || C.PassedTo.empty())
      continue;
    const std::pair<std::string, unsigned> Passed{C.PassedTo, C.PassedIndex};
    const decltype(FreshParamStorages) *Maps[] = {&St.ParamStorages,
                                                  &FreshParamStorages};
    for (const auto *Map : Maps)
      if (auto It = Map->find(Passed); It != Map->end())
        for (const std::string &Storage : It->second) {
          if (St.IndirectStorages.count(Storage))
            return Refuse("passes a function to '" + C.PassedTo +
                          "', which stores it in '" + Storage +
                          "', which base code calls through");
          if (C.Virtual) // its targets include the fresh overriders
            return Refuse("passes a virtual function to '" + C.PassedTo +
                          "', which stores it");
          FreshRegistered.push_back({C.Callee, Storage});
        }
  }
  for (const FunctionFact *F : Added)
    if (auto It = St.AddressTakenPending.find(F->Id);
        It != St.AddressTakenPending.end())
      for (const std::string &Storage : It->second)
        if (St.IndirectStorages.count(Storage) || FreshStorages.count(Storage))
          return Refuse("defines '" + F->Id + "', stored in '" + Storage +
                        "' by base code");
  // Facts owned by a function the base defines would meet the base's own
  // (first of each key wins): not redone here.
  auto OwnedByBase = [&](const std::string &Id) {
    return !IsFresh(Id) && P.find(Id) >= 0;
  };
  for (const CallFact &C : Fresh.Calls)
    if (OwnedByBase(C.Caller))
      return Refuse("has calls made by base function '" + C.Caller + "'");
  for (const BlockingFact &B : Fresh.Blocking)
    if (OwnedByBase(B.Caller))
      return Refuse("has blocking calls of base function '" + B.Caller + "'");
  for (const IndirectCallFact &I : Fresh.IndirectCalls)
    if (OwnedByBase(I.Caller))
      return Refuse("has indirect calls of base function '" + I.Caller + "'");
  for (const ReactorFact &R : Fresh.Reactors)
    if (St.ReactorIds.count(keyOf(R)))
      return Refuse("has a reactor loop the base has");
  for (const FunctionFact *F : Added)
    if (St.OnPoolPending.count(F->Id))
      return Refuse("defines '" + F->Id + "', which base code moves to a pool");

  // Node order: the base's (already sorted) and the fresh functions merged.
  std::vector<const FunctionFact *> FreshSorted = Added;
  std::sort(FreshSorted.begin(), FreshSorted.end(),
            [](const FunctionFact *A, const FunctionFact *B) {
              return std::tie(A->Where, A->Id) < std::tie(B->Where, B->Id);
            });
  Program Q;
  const size_t NB = P.Functions.size(), NF = FreshSorted.size();
  std::vector<int> BaseMap(NB);
  Q.Functions.reserve(NB + NF);
  Q.Index.reserve(NB + NF);
  {
    size_t I = 0, J = 0;
    while (I < NB || J < NF) {
      bool TakeBase =
          J == NF ||
          (I < NB && std::tie(P.Functions[I].Where, P.Functions[I].Id) <
                         std::tie(FreshSorted[J]->Where, FreshSorted[J]->Id));
      int New = static_cast<int>(Q.Functions.size());
      if (TakeBase) {
        BaseMap[I] = New;
        Q.Functions.push_back(P.Functions[I++]);
      } else {
        Q.Functions.push_back(*FreshSorted[J++]);
      }
      Q.Index.emplace(Q.Functions.back().Id, New);
    }
  }
  auto Remap = [&](int F) { return F < 0 ? F : BaseMap[F]; };

  // Edges of base functions, remapped; the lists that grow are sorted again.
  Q.Calls.resize(Q.Functions.size());
  for (size_t F = 0; F < NB; ++F) {
    auto &Es = Q.Calls[BaseMap[F]];
    Es = P.Calls[F];
    for (Edge &E : Es)
      E.To = BaseMap[E.To];
  }
  std::vector<bool> Grown(Q.Functions.size(), false);
  Q.CallLocks = P.CallLocks;
  Q.Bindings = P.Bindings;
  Q.CallArgs = P.CallArgs;
  Q.IndirectSites = P.IndirectSites;

  // The tables link() builds over all units: the base's and Fresh's.
  OverriderMap FreshOverriders;
  for (const FunctionFact *F : Added)
    for (const auto &Base : F->Overrides)
      FreshOverriders[Base].push_back(F->Id);
  auto Targets = [&](const CallFact &C) {
    return callTargets(C, {&St.Overriders, &FreshOverriders});
  };
  std::set<std::pair<std::string, unsigned>> FreshStored;
  std::map<std::pair<std::string, unsigned>, std::string> FreshOffloadParams;
  for (const StoredParamFact &F : Fresh.StoredParams) {
    if (F.Storage.rfind("offload:", 0) == 0)
      FreshOffloadParams[{F.Function, F.Index}] = F.Storage.substr(8);
    else
      FreshStored.insert({F.Function, F.Index});
  }
  auto OffloadParam =
      [&](const std::pair<std::string, unsigned> &K) -> const std::string * {
    // link() lets later units overwrite: the base's value wins.
    if (auto It = St.OffloadParams.find(K); It != St.OffloadParams.end())
      return &It->second;
    if (auto It = FreshOffloadParams.find(K); It != FreshOffloadParams.end())
      return &It->second;
    return nullptr;
  };
  auto FileFd = [&](const std::string &K) {
    return St.FileFds.count(K) ||
           std::find(Fresh.FileFds.begin(), Fresh.FileFds.end(), K) !=
               Fresh.FileFds.end();
  };
  const bool NewDescriptors =
      !Fresh.NonBlockingFds.empty() || !Fresh.FdFlows.empty();
  std::set<std::string> NonBlockingAll;
  if (NewDescriptors)
    NonBlockingAll = nonBlockingDescriptors({&Fresh, &St.Descriptors});
  const std::set<std::string> &NonBlocking =
      NewDescriptors ? NonBlockingAll : St.NonBlocking;
  auto Moved = [&](const std::string &C) {
    return St.Moved.count(C) ||
           std::find(Fresh.MovedClasses.begin(), Fresh.MovedClasses.end(), C) !=
               Fresh.MovedClasses.end();
  };

  // Reactors named by the fresh unit, in two runs as link() numbers them.
  std::map<ReactorKey, std::pair<bool, int>> FreshReactorIds;
  std::vector<ReactorFact> FreshFromCalls, FreshFromIndirect;
  std::vector<std::vector<Edge>> FreshFromCallsEdges, FreshFromIndirectEdges;
  struct ReactorRef {
    bool Fresh = false, Indirect = false;
    int Id = -1;
  };
  auto FreshReactor = [&](int Local, bool Indirect) -> ReactorRef {
    if (Local < 0)
      return {};
    const ReactorFact &R = Fresh.Reactors[Local];
    auto [It, New] = FreshReactorIds.try_emplace(keyOf(R), Indirect, 0);
    if (New) {
      auto &List = Indirect ? FreshFromIndirect : FreshFromCalls;
      It->second.second = static_cast<int>(List.size());
      List.push_back(R);
      (Indirect ? FreshFromIndirectEdges : FreshFromCallsEdges).emplace_back();
    }
    return {true, It->second.first, It->second.second};
  };
  std::vector<std::pair<ReactorRef, Edge>> NewReactorEdges;

  std::vector<int> FreshOutside;
  std::vector<std::pair<int, int>> NewExitCalls;
  std::vector<OffloadFact> FreshOffloads;
  std::map<std::string, std::vector<LockArgFact>> FreshLockArgs;
  std::set<std::tuple<int, int, Loc, bool>> SeenEdges;
  auto AddEdge = [&](int From, const CallFact &C, int To, bool Registration) {
    if (!SeenEdges.insert({From, To, C.Where, C.Callback}).second)
      return;
    Q.addCallEdge(From, C, To, Registration);
    Grown[From] = true;
  };

  for (const CallFact &C : Fresh.Calls) {
    for (const LockArgFact &A : C.LockArgs)
      FreshLockArgs["param:" + C.Callee + ":" + std::to_string(A.Index)]
          .push_back(A);
    const std::pair<std::string, unsigned> Passed{C.PassedTo, C.PassedIndex};
    const bool Registration =
        C.Callback && !C.PassedTo.empty() &&
        (St.StoredParams.count(Passed) || FreshStored.count(Passed));
    int From = Q.find(C.Caller);
    if (C.Callback && !C.PassedTo.empty())
      if (const std::string *Api = OffloadParam(Passed)) {
        for (const auto &T : Targets(C))
          FreshOffloads.push_back({C.Caller, T, *Api, C.Where});
        continue;
      }
    if (C.Exit) {
      for (const auto &T : Targets(C))
        if (int To = Q.find(T); To >= 0 && From >= 0)
          NewExitCalls.push_back({From, To});
      continue;
    }
    ReactorRef Reactor = FreshReactor(C.Reactor, false);
    for (const auto &T : Targets(C)) {
      int To = Q.find(T);
      if (To < 0) {
        if (From >= 0 && !C.Callback)
          FreshOutside.push_back(From);
        continue;
      }
      if (From >= 0)
        AddEdge(From, C, To, Registration);
      if (Reactor.Id >= 0)
        NewReactorEdges.push_back({Reactor, Edge{To, C.Where, C.Callback}});
    }
  }
  std::vector<BlockingFact> FreshBlocking;
  {
    std::set<std::tuple<Loc, std::string, std::string>> SeenBlocking;
    for (BlockingFact B : Fresh.Blocking) {
      if (!SeenBlocking.insert({B.Where, B.Api, B.Caller}).second)
        continue;
      ReactorRef R = FreshReactor(B.Reactor, false);
      B.Reactor = R.Id; // renumbered below
      if (!B.RequiresFileFd.empty() && !FileFd(B.RequiresFileFd)) {
        B.RawSocket = true;
        B.Kind = "fd";
      }
      B.NonBlocking = B.RawSocket && !B.Fd.empty() && NonBlocking.count(B.Fd);
      FreshBlocking.push_back(std::move(B));
    }
  }
  std::vector<int> NewCrashHandlers;
  for (const std::string &H : Fresh.CrashHandlers)
    if (int F = Q.find(H); F >= 0)
      NewCrashHandlers.push_back(F);
  std::vector<RootFact> FreshRoots;
  for (const RootFact &R : Fresh.Roots)
    if (!R.ReceiverClass.empty() && Moved(R.ReceiverClass))
      FreshOffloads.push_back({R.Registrar, R.Function, R.Api, R.Where,
                               /*Thread=*/false, false, false, R.Receiver});
    else
      FreshRoots.push_back(R);
  FreshOffloads.insert(FreshOffloads.end(), Fresh.Offloads.begin(),
                       Fresh.Offloads.end());

  // Base calls that named a fresh function, and base virtual calls that
  // may now dispatch to a fresh overrider (or to a base function that
  // overrides one): targets now, in the base's call order (of two calls
  // making the same edge the first wins, as in link()).
  std::vector<int> Resolved; // callers no longer calling outside
  std::vector<OffloadFact> BaseOffloads;
  {
    std::vector<std::tuple<size_t, std::string, bool>> Now; // site, target
    for (const FunctionFact *F : Added)
      if (auto It = St.Pendings.find(F->Id); It != St.Pendings.end())
        for (size_t At : It->second)
          Now.emplace_back(At, F->Id, true);
    std::set<size_t> Virtual;
    for (const auto &[Base, Ids] : FreshOverriders)
      if (auto It = St.Virtuals.find(Base); It != St.Virtuals.end())
        Virtual.insert(It->second.begin(), It->second.end());
    for (size_t At : Virtual) {
      const Site &Si = St.Sites[At];
      std::set<std::string> Had(Si.Targets.begin(), Si.Targets.end());
      for (const std::string &T : Targets(Si.Call))
        if (!Had.count(T))
          Now.emplace_back(At, T, false);
    }
    std::stable_sort(Now.begin(), Now.end(), [](const auto &A, const auto &B) {
      return std::get<0>(A) < std::get<0>(B);
    });
    for (const auto &[At, T, WasPending] : Now) {
      const Site &Si = St.Sites[At];
      const CallFact &C = Si.Call;
      int From = Remap(Si.From), To = Q.find(T);
      if (Si.K == Site::Offload) {
        BaseOffloads.push_back({C.Caller, T, Si.OffloadApi, C.Where});
        continue;
      }
      if (To < 0)
        continue; // an overrider no unit defines: nothing new
      if (Si.K == Site::Exit) {
        if (From >= 0)
          NewExitCalls.push_back({From, To});
        continue;
      }
      if (WasPending && From >= 0 && !C.Callback)
        Resolved.push_back(From);
      const std::pair<std::string, unsigned> Passed{C.PassedTo,
                                                    C.PassedIndex};
      if (From >= 0)
        AddEdge(From, C, To,
                C.Callback && !C.PassedTo.empty() &&
                    (St.StoredParams.count(Passed) ||
                     FreshStored.count(Passed)));
      if (Si.Reactor >= 0)
        NewReactorEdges.push_back({ReactorRef{false, false, Si.Reactor},
                                   Edge{To, C.Where, C.Callback}});
    }
  }
  // Base edges passing a callback to a parameter the fresh unit stores:
  // registrations now.
  for (const auto &Key : FreshStored)
    if (auto It = St.Unregistered.find(Key); It != St.Unregistered.end())
      for (const auto &[From, To, Where, Callback] : It->second)
        for (Edge &E : Q.Calls[BaseMap[From]])
          if (E.To == BaseMap[To] && E.Where == Where &&
              E.Callback == Callback && !E.Indirect)
            E.Registration = true;
  for (const std::string &H : St.CrashPending)
    if (IsFresh(H))
      NewCrashHandlers.push_back(Q.find(H));

  // Calls through function pointers made by the fresh unit.
  {
    std::map<std::string, std::set<int>> ByStorage;
    for (const IndirectCallFact &I : Fresh.IndirectCalls)
      if (auto It = St.ByStorage.find(I.Storage); It != St.ByStorage.end())
        for (const std::string &Id : It->second)
          ByStorage[I.Storage].insert(Q.find(Id));
    for (const AddressTakenFact &A : Fresh.AddressTaken)
      if (int F = Q.find(A.Function); F >= 0 && !Offloaded.count(A.Function))
        if (FreshStorages.count(A.Storage))
          ByStorage[A.Storage].insert(F);
    for (const auto &[Function, Storage] : FreshRegistered)
      if (int F = Q.find(Function); F >= 0 && !Offloaded.count(Function))
        if (FreshStorages.count(Storage))
          ByStorage[Storage].insert(F);
    for (const IndirectCallFact &I : Fresh.IndirectCalls) {
      Q.IndirectSites[I.Where] = I.Storage;
      auto It = ByStorage.find(I.Storage);
      if (It == ByStorage.end())
        continue;
      int From = Q.find(I.Caller);
      ReactorRef Reactor = FreshReactor(I.Reactor, true);
      for (int To : It->second) {
        Edge E{To, I.Where, false, true};
        if (From >= 0) {
          Q.Calls[From].push_back(E);
          Grown[From] = true;
        }
        if (Reactor.Id >= 0)
          NewReactorEdges.push_back({Reactor, E});
      }
    }
  }

  // Reactors: the fresh unit's named by calls, the base's so named, the
  // fresh unit's named by indirect calls only, the base's so named.
  const int A = static_cast<int>(FreshFromCalls.size()),
            B = static_cast<int>(FreshFromIndirect.size()),
            K1 = static_cast<int>(St.ReactorsFromCalls);
  auto BaseReactor = [&](int R) { return R < 0 ? R : R < K1 ? A + R : A + B + R; };
  auto NewReactor = [&](const ReactorRef &R) {
    if (R.Id < 0)
      return -1;
    if (!R.Fresh)
      return BaseReactor(R.Id);
    return R.Indirect ? A + K1 + R.Id : R.Id;
  };
  Q.Reactors.reserve(P.Reactors.size() + A + B);
  Q.Reactors.insert(Q.Reactors.end(), FreshFromCalls.begin(),
                    FreshFromCalls.end());
  Q.Reactors.insert(Q.Reactors.end(), P.Reactors.begin(),
                    P.Reactors.begin() + K1);
  Q.Reactors.insert(Q.Reactors.end(), FreshFromIndirect.begin(),
                    FreshFromIndirect.end());
  Q.Reactors.insert(Q.Reactors.end(), P.Reactors.begin() + K1,
                    P.Reactors.end());
  Q.ReactorCalls.resize(Q.Reactors.size());
  std::vector<bool> ReactorGrown(Q.Reactors.size(), false);
  for (size_t R = 0; R < P.ReactorCalls.size(); ++R) {
    auto &Es = Q.ReactorCalls[BaseReactor(static_cast<int>(R))];
    Es = P.ReactorCalls[R];
    for (Edge &E : Es)
      E.To = BaseMap[E.To];
  }
  for (auto &[Ref, E] : NewReactorEdges) {
    int R = NewReactor(Ref);
    Q.ReactorCalls[R].push_back(E);
    ReactorGrown[R] = true;
  }

  // Self-offloading coroutines: no call edges into them.
  std::unordered_set<int> OnPool;
  for (const std::string &Id : St.OnPool)
    OnPool.insert(Q.find(Id));
  for (const OffloadFact &O : FreshOffloads)
    if (O.Caller == O.Target)
      if (int F = Q.find(O.Target); F >= 0) {
        if (!IsFresh(O.Target) && !St.OnPool.count(O.Target))
          return Refuse("moves base coroutine '" + O.Target + "' to a pool");
        OnPool.insert(F);
      }
  auto Drop = [&](std::vector<Edge> &Es) {
    Es.erase(std::remove_if(Es.begin(), Es.end(),
                            [&](const Edge &E) { return OnPool.count(E.To); }),
             Es.end());
  };
  auto EdgeKey = [](const Edge &E) {
    return std::tie(E.Where, E.To, E.Callback, E.Indirect);
  };
  for (size_t F = 0; F < Q.Calls.size(); ++F)
    if (Grown[F]) {
      Drop(Q.Calls[F]);
      sortUnique(Q.Calls[F], EdgeKey);
    }
  for (size_t R = 0; R < Q.ReactorCalls.size(); ++R)
    if (ReactorGrown[R]) {
      Drop(Q.ReactorCalls[R]);
      sortUnique(Q.ReactorCalls[R], EdgeKey);
    }
  for (const auto &Es : Q.Calls)
    Q.CallEdgeCount += Es.size();

  // Fact lists: the fresh unit's first, then the base's.
  auto Join = [](const auto &Front, const auto &Back) {
    std::remove_const_t<std::remove_reference_t<decltype(Back)>> Out;
    Out.reserve(Front.size() + Back.size());
    Out.insert(Out.end(), Front.begin(), Front.end());
    Out.insert(Out.end(), Back.begin(), Back.end());
    return Out;
  };
  for (const auto &[From, To] : P.ExitCalls)
    NewExitCalls.push_back({Remap(From), BaseMap[To]});
  Q.ExitCalls = std::move(NewExitCalls);
  sortUnique(Q.ExitCalls, [](const std::pair<int, int> &C) { return C; });
  for (int F : P.CrashHandlers)
    NewCrashHandlers.push_back(BaseMap[F]);
  Q.CrashHandlers = std::move(NewCrashHandlers);
  Q.NoReturn = P.NoReturn;
  Q.NoReturn.insert(Fresh.NoReturn.begin(), Fresh.NoReturn.end());
  sortUnique(Q.CrashHandlers, [](int F) { return F; });
  {
    std::multiset<int> Gone(Resolved.begin(), Resolved.end());
    Q.CallsOutside = std::move(FreshOutside);
    for (int F : P.CallsOutside) {
      int N = BaseMap[F];
      if (auto It = Gone.find(N); It != Gone.end()) {
        Gone.erase(It);
        continue;
      }
      Q.CallsOutside.push_back(N);
    }
  }

  Q.Roots = Join(FreshRoots, P.Roots);
  sortUnique(Q.Roots, [](const RootFact &R) {
    return std::tie(R.Where, R.Function, R.Api, R.Registrar);
  });
  Q.EntryLocks = Join(Fresh.EntryLocks, P.EntryLocks);
  sortUnique(Q.EntryLocks, [](const EntryLockFact &E) {
    return std::tie(E.Where, E.Function, E.Lock, E.Api, E.Export, E.Registrar);
  });
  Q.Offloads = Join(Join(FreshOffloads, BaseOffloads), P.Offloads);
  sortUnique(Q.Offloads, [](const OffloadFact &O) {
    return std::tie(O.Where, O.Caller, O.Target, O.Api);
  });
  Q.Blocking = Join(FreshBlocking, P.Blocking);
  for (size_t I = FreshBlocking.size(); I < Q.Blocking.size(); ++I) {
    BlockingFact &Bf = Q.Blocking[I];
    Bf.Reactor = BaseReactor(Bf.Reactor);
    if (NewDescriptors)
      Bf.NonBlocking =
          Bf.RawSocket && !Bf.Fd.empty() && NonBlocking.count(Bf.Fd);
  }
  sortUnique(Q.Blocking, [](const BlockingFact &Bf) {
    return std::tie(Bf.Where, Bf.Api, Bf.Caller);
  });
  Q.Runners = Join(Fresh.Runners, P.Runners);
  sortUnique(Q.Runners, [](const RunnerFact &R) {
    return std::tie(R.Where, R.Function, R.Api);
  });
  Q.StrayWaits = Join(Fresh.StrayWaits, P.StrayWaits);
  sortUnique(Q.StrayWaits, [](const ReactorFact &R) {
    return std::tie(R.Where, R.Function, R.WaitApi);
  });
  Q.ConsoleLoops = Join(Fresh.ConsoleLoops, P.ConsoleLoops);
  sortUnique(Q.ConsoleLoops, [](const ReactorFact &R) {
    return std::tie(R.Where, R.Function, R.WaitApi);
  });
  Q.ThreadPerConnection =
      Join(Fresh.ThreadPerConnection, P.ThreadPerConnection);
  sortUnique(Q.ThreadPerConnection, [](const ThreadPerConnectionFact &T) {
    return std::tie(T.Where, T.Function, T.AcceptApi, T.SpawnApi);
  });
  Q.ClientCalls = Join(Fresh.ClientCalls, P.ClientCalls);
  Q.Suspends = Join(Fresh.Suspends, P.Suspends);
  sortUnique(Q.Suspends, [](const SuspendFact &Su) {
    return std::tie(Su.Where, Su.Function, Su.Op);
  });
  Q.CriticalSections = Join(Fresh.CriticalSections, P.CriticalSections);
  sortUnique(Q.CriticalSections, [](const CriticalSectionFact &C) {
    return std::tie(C.Lock.Acquired, C.Lock.Lock, C.Function);
  });
  Q.LockArgs = P.LockArgs;
  for (auto &[Key, As] : FreshLockArgs) {
    auto &Into = Q.LockArgs[Key];
    Into = Join(As, Into);
    sortUnique(Into, [](const LockArgFact &L) {
      return std::tie(L.Lock, L.Name, L.Index);
    });
  }
  return Q;
}

//===--- Comparing programs -----------------------------------------------===//

namespace {

std::string edgeText(const Program &P, const Edge &E) {
  CallFact C; // a carrier for the edge's facts, serialised as a summary's
  C.Callee = std::to_string(E.To);
  C.Where = E.Where;
  C.Callback = E.Callback;
  C.Virtual = E.Indirect;
  C.Exit = E.Registration;
  C.AfterLoop = E.AfterLoop;
  C.Cold = E.Cold;
  C.Report = E.Report;
  C.Held = E.Held;
  if (E.LockInfo >= 0) {
    C.LockArgs = P.CallLocks[E.LockInfo].Args;
    C.Released = P.CallLocks[E.LockInfo].Released;
    C.PassedTo = "locks";
  }
  if (E.Binding >= 0) {
    C.Receiver = P.Bindings[E.Binding].Receiver;
    C.ArgObjects = P.Bindings[E.Binding].Args;
    C.Caller = "binding";
  }
  if (E.ArgInfo >= 0)
    C.Args = "args:" + P.CallArgs[E.ArgInfo];
  TUSummary T;
  T.Calls = {C};
  nlohmann::json J;
  to_json(J, T);
  return J["calls"].dump();
}

std::string factsText(const Program &P) {
  TUSummary T;
  T.Functions = P.Functions;
  T.Roots = P.Roots;
  T.EntryLocks = P.EntryLocks;
  T.Blocking = P.Blocking;
  T.Offloads = P.Offloads;
  T.Reactors = P.Reactors;
  T.StrayWaits = P.StrayWaits;
  T.ConsoleLoops = P.ConsoleLoops;
  T.Runners = P.Runners;
  T.ThreadPerConnection = P.ThreadPerConnection;
  T.ClientCalls = P.ClientCalls;
  T.Suspends = P.Suspends;
  T.CriticalSections = P.CriticalSections;
  nlohmann::json J;
  to_json(J, T);
  std::string NonBlocking;
  for (const BlockingFact &B : P.Blocking)
    NonBlocking += B.NonBlocking ? '1' : '0';
  return J.dump() + NonBlocking;
}

} // namespace

std::string programDifference(const Program &A, const Program &B) {
  if (A.Functions.size() != B.Functions.size())
    return "function count " + std::to_string(A.Functions.size()) + " vs " +
           std::to_string(B.Functions.size());
  for (const Program *P : {&A, &B}) {
    if (P->Index.size() != P->Functions.size())
      return "index size";
    for (size_t I = 0; I < P->Functions.size(); ++I)
      if (P->find(P->Functions[I].Id) != static_cast<int>(I))
        return "index of '" + P->Functions[I].Id + "'";
  }
  std::string FA = factsText(A), FB = factsText(B);
  if (FA != FB) {
    size_t At = std::mismatch(FA.begin(), FA.end(), FB.begin(), FB.end())
                    .first -
                FA.begin();
    return "facts differ near: " + FA.substr(At > 80 ? At - 80 : 0, 200) +
           " | " + FB.substr(At > 80 ? At - 80 : 0, 200);
  }
  auto Edges = [](const Program &P, const std::vector<Edge> &Es) {
    std::string Out;
    for (const Edge &E : Es)
      Out += edgeText(P, E) + "\n";
    return Out;
  };
  if (A.Calls.size() != B.Calls.size())
    return "call list count";
  for (size_t F = 0; F < A.Calls.size(); ++F)
    if (Edges(A, A.Calls[F]) != Edges(B, B.Calls[F]))
      return "edges of '" + A.Functions[F].Id + "': " + Edges(A, A.Calls[F]) +
             " vs " + Edges(B, B.Calls[F]);
  // What the notes name an indirect call's storage by, at each site an
  // edge goes through (a stale entry at a site with no such edge is unread).
  auto StorageAt = [](const Program &P, const Loc &Site) {
    auto It = P.IndirectSites.find(Site);
    return It == P.IndirectSites.end() ? std::string("-") : It->second;
  };
  for (const auto &Es : A.Calls)
    for (const Edge &E : Es)
      if (E.Indirect && StorageAt(A, E.Where) != StorageAt(B, E.Where))
        return "storage of the indirect call at " + E.Where.File.str() + ":" +
               std::to_string(E.Where.Line);
  if (A.ReactorCalls.size() != B.ReactorCalls.size())
    return "reactor call list count";
  for (size_t R = 0; R < A.ReactorCalls.size(); ++R)
    if (Edges(A, A.ReactorCalls[R]) != Edges(B, B.ReactorCalls[R]))
      return "edges of reactor " + std::to_string(R);
  if (A.CallEdgeCount != B.CallEdgeCount)
    return "edge count";
  if (A.ExitCalls != B.ExitCalls)
    return "exit calls";
  if (A.CrashHandlers != B.CrashHandlers)
    return "crash handlers";
  if (A.NoReturn != B.NoReturn)
    return "no-return functions";
  auto Sorted = [](std::vector<int> V) {
    std::sort(V.begin(), V.end());
    return V;
  };
  if (Sorted(A.CallsOutside) != Sorted(B.CallsOutside))
    return "calls outside";
  if (A.LockArgs.size() != B.LockArgs.size())
    return "lock argument keys";
  for (const auto &[Key, As] : A.LockArgs) {
    auto It = B.LockArgs.find(Key);
    if (It == B.LockArgs.end() || It->second.size() != As.size())
      return "lock arguments of " + Key;
    for (size_t I = 0; I < As.size(); ++I)
      if (std::tie(As[I].Index, As[I].Lock, As[I].Name) !=
          std::tie(It->second[I].Index, It->second[I].Lock,
                   It->second[I].Name))
        return "lock arguments of " + Key;
  }
  return "";
}

} // namespace stallscan
