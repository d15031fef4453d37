//===--- Summary.cpp - TU summary (de)serialisation -----------------------===//
//
// JSON via nlohmann's struct macros; a location is a compact [file, line, col]
// triple because locations dominate the size of a summary. normalise() gives
// every list a canonical order so that the same TU always serialises to the
// same bytes, whatever order the AST was walked in. Reading is strict and
// lives in SummaryReader.cpp.
//
//===----------------------------------------------------------------------===//
#include "summary/Summary.h"
#include "summary/SortUnique.h"
#include "summary/SummaryReader.h"
#include "summary/SummaryHash.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <tuple>
#include <memory>
#include <type_traits>
#include <unordered_map>

namespace stallscan {

const std::string &FilePath::empty_() {
  static const std::string Empty;
  return Empty;
}

const std::string *FilePath::intern(std::string_view P) {
  if (P.empty())
    return &empty_();
  // Locations of one summary are mostly in one file: try the last one first.
  thread_local const std::string *Last = nullptr;
  if (Last && *Last == P)
    return Last;
  // Never destroyed: paths outlive every static that may hold a FilePath.
  static auto *Mutex = new std::mutex;
  static auto *Pool =
      new std::unordered_map<std::string_view, std::unique_ptr<std::string>>;
  std::lock_guard<std::mutex> Lock(*Mutex);
  auto It = Pool->find(P);
  if (It == Pool->end()) {
    auto Owned = std::make_unique<std::string>(P);
    std::string_view Key = *Owned;
    It = Pool->emplace(Key, std::move(Owned)).first;
  }
  Last = It->second.get();
  return Last;
}

void to_json(nlohmann::json &J, const Loc &L) {
  J = nlohmann::json::array({L.File.str(), L.Line, L.Col});
}
void from_json(const nlohmann::json &J, Loc &L) { readLoc(J, L); }

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ObjectRef, Base, Path, Name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HeldLockFact, Lock, Name,
                                                Acquired, Shared, Object,
                                                Private)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ArgObjectFact, Index, Object)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LockArgFact, Index, Lock, Name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FunctionFact, Id, Name, Where,
                                                IsCoroutine, AnnotatedLoop,
                                                Overrides, ThisOf, Straight,
                                                Ends, EndsVia)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RootFact, Function, Api,
                                                Library, Registrar, Where, Via,
                                                Receiver, ReceiverClass, Idle,
                                                Timer)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(EntryLockFact, Function, Lock,
                                                Name, Api, Export, Registrar,
                                                Where)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CallFact, Caller, Callee, Where,
                                                Virtual, Callback, Reactor,
                                                Held, LockArgs, Released,
                                                PassedTo, PassedIndex, Receiver,
                                                ArgObjects, Exit, AfterLoop, Cold,
                                                Report, Args)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(BlockingFact, Caller, Api, Kind,
                                                Alternative, Where, RawSocket,
                                                RequiresFileFd, Fd, Reactor,
                                                Held, ReleasesLock, Released,
                                                OnceFlag, GuardParam, PathParam,
                                                AllowedIn, Report)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OffloadFact, Caller, Target,
                                                Api, Where, Thread, InLoop,
                                                PerConnection, Receiver,
                                                Singleton, AtExit)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FdFlowFact, From, To)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(IndirectCallFact, Caller,
                                                Storage, Where, Reactor)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AddressTakenFact, Function,
                                                Storage)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(StoredParamFact, Function,
                                                Index, Storage)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ReactorFact, Function, WaitApi,
                                                Where)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RunnerFact, Function, Api,
                                                Library, Where)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ThreadPerConnectionFact,
                                                Function, AcceptApi, SpawnApi,
                                                Where)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ClientCallFact, Function, Api,
                                                Kind, Async, Where)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SuspendFact, Function, Op,
                                                Where, Held)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CriticalSectionFact, Function,
                                                Lock, Api, Statements, Calls,
                                                UserCalls, Loops, Allocations,
                                                Once)

void to_json(nlohmann::json &J, const TUSummary &S) {
  J = nlohmann::json{{"version", SummaryFormatVersion},
                     {"main_file", S.MainFile},
                     {"functions", S.Functions},
                     {"roots", S.Roots},
                     {"entry_locks", S.EntryLocks},
                     {"calls", S.Calls},
                     {"blocking", S.Blocking},
                     {"offloads", S.Offloads},
                     {"indirect_calls", S.IndirectCalls},
                     {"address_taken", S.AddressTaken},
                     {"stored_params", S.StoredParams},
                     {"reactors", S.Reactors},
                     {"stray_waits", S.StrayWaits},
                     {"console_loops", S.ConsoleLoops},
                     {"runners", S.Runners},
                     {"thread_per_connection", S.ThreadPerConnection},
                     {"client_calls", S.ClientCalls},
                     {"suspends", S.Suspends},
                     {"critical_sections", S.CriticalSections},
                     {"file_fds", S.FileFds},
                     {"nonblocking_fds", S.NonBlockingFds},
                     {"fd_flows", S.FdFlows},
                     {"crash_handlers", S.CrashHandlers},
                     {"no_return", S.NoReturn},
                     {"moved_classes", S.MovedClasses},
                     {"errors", S.Errors}};
}

void from_json(const nlohmann::json &J, TUSummary &S) { S = readSummary(J); }

void TUSummary::normalise() {
  // Reactor indices are positions in Reactors; sort reactors first and remap.
  std::vector<int> Order(Reactors.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = static_cast<int>(I);
  std::stable_sort(Order.begin(), Order.end(), [&](int A, int B) {
    return Reactors[A].Where < Reactors[B].Where;
  });
  std::vector<int> NewIndex(Reactors.size());
  std::vector<ReactorFact> Sorted;
  for (size_t I = 0; I < Order.size(); ++I) {
    NewIndex[Order[I]] = static_cast<int>(I);
    Sorted.push_back(Reactors[Order[I]]);
  }
  Reactors = std::move(Sorted);
  for (auto &C : Calls)
    if (C.Reactor >= 0)
      C.Reactor = NewIndex[C.Reactor];
  for (auto &B : Blocking)
    if (B.Reactor >= 0)
      B.Reactor = NewIndex[B.Reactor];
  for (auto &I : IndirectCalls)
    if (I.Reactor >= 0)
      I.Reactor = NewIndex[I.Reactor];

  sortUnique(Functions, [](const FunctionFact &F) {
    return std::tie(F.Id, F.Where, F.Name);
  });
  // The same function may be defined in several places only for inline code
  // seen twice; keep one fact per id.
  Functions.erase(std::unique(Functions.begin(), Functions.end(),
                              [](const FunctionFact &A, const FunctionFact &B) {
                                return A.Id == B.Id;
                              }),
                  Functions.end());
  sortUnique(Roots, [](const RootFact &R) {
    return std::tie(R.Where, R.Function, R.Api, R.Registrar);
  });
  sortUnique(EntryLocks, [](const EntryLockFact &E) {
    return std::tie(E.Where, E.Function, E.Lock, E.Api, E.Export, E.Registrar);
  });
  sortUnique(Calls, [](const CallFact &C) {
    return std::tie(C.Where, C.Caller, C.Callee, C.Virtual, C.Callback,
                    C.Reactor);
  });
  sortUnique(Blocking, [](const BlockingFact &B) {
    return std::tie(B.Where, B.Caller, B.Api, B.Reactor, B.RequiresFileFd,
                    B.Fd);
  });
  sortUnique(Offloads, [](const OffloadFact &O) {
    return std::tie(O.Where, O.Caller, O.Target, O.Api, O.Thread, O.InLoop,
                    O.PerConnection);
  });
  sortUnique(IndirectCalls, [](const IndirectCallFact &I) {
    return std::tie(I.Where, I.Caller, I.Storage, I.Reactor);
  });
  sortUnique(AddressTaken, [](const AddressTakenFact &A) {
    return std::tie(A.Function, A.Storage);
  });
  sortUnique(StoredParams, [](const StoredParamFact &A) {
    return std::tie(A.Function, A.Index, A.Storage);
  });
  sortUnique(StrayWaits, [](const ReactorFact &R) {
    return std::tie(R.Where, R.Function, R.WaitApi);
  });
  sortUnique(ConsoleLoops, [](const ReactorFact &R) {
    return std::tie(R.Where, R.Function, R.WaitApi);
  });
  sortUnique(Runners, [](const RunnerFact &R) {
    return std::tie(R.Where, R.Function, R.Api);
  });
  sortUnique(ThreadPerConnection, [](const ThreadPerConnectionFact &T) {
    return std::tie(T.Where, T.Function, T.AcceptApi, T.SpawnApi);
  });
  sortUnique(ClientCalls, [](const ClientCallFact &C) {
    return std::tie(C.Where, C.Function, C.Api, C.Async);
  });
  sortUnique(Suspends, [](const SuspendFact &S) {
    return std::tie(S.Where, S.Function, S.Op);
  });
  sortUnique(CriticalSections, [](const CriticalSectionFact &C) {
    return std::tie(C.Lock.Acquired, C.Lock.Lock, C.Function);
  });
  sortUnique(FileFds, [](const std::string &S) { return S; });
  sortUnique(NonBlockingFds, [](const std::string &S) { return S; });
  sortUnique(CrashHandlers, [](const std::string &S) { return S; });
  sortUnique(NoReturn, [](const std::string &S) { return S; });
  sortUnique(MovedClasses, [](const std::string &S) { return S; });
  sortUnique(FdFlows,
             [](const FdFlowFact &F) { return std::tie(F.From, F.To); });
}

std::string ContentHash::hex() const {
  return llvm::utohexstr(High, true, 16) + llvm::utohexstr(Low, true, 16);
}

ContentHash contentHash(std::string_view Bytes) {
  llvm::XXH128_hash_t H = llvm::xxh3_128bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(Bytes.data()), Bytes.size()));
  return {H.low64, H.high64};
}

ContentHash summaryHash(const TUSummary &S) {
  nlohmann::json J = S;
  return contentHash(J.dump());
}

void ownedFactHashes(const TUSummary &S,
                     const std::function<bool(const std::string &)> &Wanted,
                     std::unordered_map<std::string, ContentHash> &Out,
                     std::unordered_set<std::string> &OwnsReactor) {
  std::unordered_map<std::string, std::string> Text;
  int List = 0;
  forEachOwnedFactList([&](auto Facts, auto Owner) {
    ++List;
    for (const auto &F : S.*Facts) {
      const std::string &Id = F.*Owner;
      if (!Wanted(Id))
        continue;
      if constexpr (std::is_same_v<decltype(Facts),
                                   std::vector<ReactorFact> TUSummary::*>)
        if (Facts == &TUSummary::Reactors) // not StrayWaits, ConsoleLoops
          OwnsReactor.insert(Id);
      nlohmann::json J = F;
      std::string &T = Text[Id];
      T += std::to_string(List);
      T += ':';
      T += J.dump();
      T += '\n';
    }
  });
  for (const auto &[Id, T] : Text)
    Out[Id] = contentHash(T);
}

} // namespace stallscan
