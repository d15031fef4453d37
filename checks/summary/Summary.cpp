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
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <tuple>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

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

SummaryValueSink::~SummaryValueSink() = default;

void SummaryValueSink::location(std::string_view File, unsigned Line,
                                unsigned Col) {
  beginArray(3);
  string(File);
  unsignedInteger(Line);
  unsignedInteger(Col);
  end();
}

namespace {

// A summary's values as its JSON holds them, given to a SummaryValueSink
// (writeSummaryValues): the same shapes and kinds as to_json makes (an int
// a signed integer, an unsigned one unsigned, a location a [file, line,
// column] array), an object's keys in the order a JSON object keeps them.
void emitValue(SummaryValueSink &Out, bool B) { Out.boolean(B); }
void emitValue(SummaryValueSink &Out, int V) { Out.integer(V); }
void emitValue(SummaryValueSink &Out, unsigned V) { Out.unsignedInteger(V); }
void emitValue(SummaryValueSink &Out, const std::string &S) { Out.string(S); }
void emitValue(SummaryValueSink &Out, const FilePath &P) {
  Out.string(P.str());
}
void emitValue(SummaryValueSink &Out, const Loc &L) {
  Out.location(L.File.str(), L.Line, L.Col);
}
template <typename T>
auto emitValue(SummaryValueSink &Out, const T &Fact)
    -> decltype(emitFields(Out, Fact)) {
  emitFields(Out, Fact);
}
template <typename T>
void emitValue(SummaryValueSink &Out, const std::vector<T> &List) {
  Out.beginArray(List.size());
  for (const T &X : List)
    emitValue(Out, X);
  Out.end();
}

/// A fact's fields as a JSON object orders them: by name.
template <typename T> struct FieldEmitter {
  const char *Name;
  void (*Emit)(SummaryValueSink &, const T &);
};
template <typename Field> std::vector<Field> byName(std::vector<Field> Fields) {
  std::sort(Fields.begin(), Fields.end(), [](const Field &A, const Field &B) {
    return std::string_view(A.Name) < std::string_view(B.Name);
  });
  return Fields;
}
/// \p Fact as an object of \p Fields (each given \p Extra too).
template <typename T, typename Field, typename... Extra>
void emitObject(SummaryValueSink &Out, const T &Fact,
                const std::vector<Field> &Fields, Extra... More) {
  Out.beginObject(Fields.size());
  for (const Field &F : Fields) {
    Out.key(F.Name);
    F.Emit(Out, Fact, More...);
  }
  Out.end();
}

} // namespace

void to_json(nlohmann::json &J, const Loc &L) {
  J = nlohmann::json::array({L.File.str(), L.Line, L.Col});
}
void from_json(const nlohmann::json &J, Loc &L) { readLoc(J, L); }

// A fact's JSON (nlohmann's struct macro) and, from the same field list, its
// values for a SummaryValueSink (the index encoder, content hashes).
#define STALLSCAN_FACT_EMITTER(Field)                                          \
  {#Field, [](SummaryValueSink &Out, const auto &Fact) {                       \
     emitValue(Out, Fact.Field);                                               \
   }},
#define STALLSCAN_FACT(Type, ...)                                              \
  NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Type, __VA_ARGS__)           \
  [[maybe_unused]] static void emitFields(SummaryValueSink &Out,               \
                                          const Type &Fact) {                  \
    static const std::vector<FieldEmitter<Type>> Fields =                     \
        byName<FieldEmitter<Type>>({                                           \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(STALLSCAN_FACT_EMITTER,       \
                                                 __VA_ARGS__))});              \
    emitObject(Out, Fact, Fields);                                             \
  }

STALLSCAN_FACT(ObjectRef, Base, Path, Name)
STALLSCAN_FACT(HeldLockFact, Lock, Name,
                                                Acquired, Shared, Object,
                                                Private)
STALLSCAN_FACT(ArgObjectFact, Index, Object)
STALLSCAN_FACT(LockArgFact, Index, Lock, Name)
STALLSCAN_FACT(FunctionFact, Id, Name, Where,
                                                IsCoroutine, AnnotatedLoop,
                                                Overrides, ThisOf, Straight,
                                                Ends, EndsVia)
STALLSCAN_FACT(RootFact, Function, Api,
                                                Library, Registrar, Where, Via,
                                                Receiver, ReceiverClass, Idle,
                                                Timer)
STALLSCAN_FACT(EntryLockFact, Function, Lock,
                                                Name, Api, Export, Registrar,
                                                Where)
STALLSCAN_FACT(CallFact, Caller, Callee, Where,
                                                Virtual, Callback, Reactor,
                                                Held, LockArgs, Released,
                                                PassedTo, PassedIndex, Receiver,
                                                ArgObjects, Exit, AfterLoop, Cold,
                                                Report, Args)
STALLSCAN_FACT(BlockingFact, Caller, Api, Kind,
                                                Alternative, Where, RawSocket,
                                                RequiresFileFd, Fd, Reactor,
                                                Held, ReleasesLock, Released,
                                                OnceFlag, GuardParam, PathParam,
                                                AllowedIn, Report)
STALLSCAN_FACT(OffloadFact, Caller, Target,
                                                Api, Where, Thread, InLoop,
                                                PerConnection, Receiver,
                                                Singleton, AtExit)
STALLSCAN_FACT(FdFlowFact, From, To)
STALLSCAN_FACT(IndirectCallFact, Caller,
                                                Storage, Where, Reactor)
STALLSCAN_FACT(AddressTakenFact, Function,
                                                Storage)
STALLSCAN_FACT(StoredParamFact, Function,
                                                Index, Storage)
STALLSCAN_FACT(ReactorFact, Function, WaitApi,
                                                Where, Turn)
STALLSCAN_FACT(RunnerFact, Function, Api,
                                                Library, Where)
STALLSCAN_FACT(ThreadPerConnectionFact,
                                                Function, AcceptApi, SpawnApi,
                                                Where)
STALLSCAN_FACT(ClientCallFact, Function, Api,
                                                Kind, Async, Where)
STALLSCAN_FACT(SuspendFact, Function, Op,
                                                Where, Held)
STALLSCAN_FACT(CriticalSectionFact, Function,
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

namespace {
using DropOwner = std::function<bool(const std::string &)>;

/// A list of \p U, less the facts whose owner \p Drop names if it is one of
/// forEachOwnedFactList's lists.
template <typename T>
void emitList(SummaryValueSink &O, const TUSummary &U,
              std::vector<T> TUSummary::*List, const DropOwner *Drop) {
  const std::vector<T> &All = U.*List;
  bool Filtered = false;
  if (Drop)
    forEachOwnedFactList([&](auto Owned, auto Owner) {
      if constexpr (std::is_same_v<decltype(Owned),
                                   std::vector<T> TUSummary::*>) {
        if (Owned != List)
          return;
        Filtered = true;
        size_t Kept = 0;
        for (const T &X : All)
          Kept += !(*Drop)(X.*Owner);
        O.beginArray(Kept);
        for (const T &X : All)
          if (!(*Drop)(X.*Owner))
            emitValue(O, X);
        O.end();
      }
    });
  if (!Filtered)
    emitValue(O, All);
}

void emitSummary(const TUSummary &S, SummaryValueSink &Out,
                 const DropOwner *Drop) {
  // to_json's object, keys in a JSON object's order.
  struct Field {
    const char *Name;
    void (*Emit)(SummaryValueSink &, const TUSummary &, const DropOwner *);
  };
#define STALLSCAN_LIST(Key, Field)                                             \
  {Key, [](SummaryValueSink &O, const TUSummary &U, const DropOwner *D) {      \
     emitList(O, U, &TUSummary::Field, D);                                    \
   }}
  static const std::vector<Field> Fields = byName<Field>({
      {"version",
       [](SummaryValueSink &O, const TUSummary &, const DropOwner *) {
         emitValue(O, SummaryFormatVersion);
       }},
      {"main_file",
       [](SummaryValueSink &O, const TUSummary &U, const DropOwner *) {
         emitValue(O, U.MainFile);
       }},
      STALLSCAN_LIST("functions", Functions),
      STALLSCAN_LIST("roots", Roots),
      STALLSCAN_LIST("entry_locks", EntryLocks),
      STALLSCAN_LIST("calls", Calls),
      STALLSCAN_LIST("blocking", Blocking),
      STALLSCAN_LIST("offloads", Offloads),
      STALLSCAN_LIST("indirect_calls", IndirectCalls),
      STALLSCAN_LIST("address_taken", AddressTaken),
      STALLSCAN_LIST("stored_params", StoredParams),
      STALLSCAN_LIST("reactors", Reactors),
      STALLSCAN_LIST("stray_waits", StrayWaits),
      STALLSCAN_LIST("console_loops", ConsoleLoops),
      STALLSCAN_LIST("runners", Runners),
      STALLSCAN_LIST("thread_per_connection", ThreadPerConnection),
      STALLSCAN_LIST("client_calls", ClientCalls),
      STALLSCAN_LIST("suspends", Suspends),
      STALLSCAN_LIST("critical_sections", CriticalSections),
      STALLSCAN_LIST("file_fds", FileFds),
      STALLSCAN_LIST("nonblocking_fds", NonBlockingFds),
      STALLSCAN_LIST("fd_flows", FdFlows),
      STALLSCAN_LIST("crash_handlers", CrashHandlers),
      STALLSCAN_LIST("no_return", NoReturn),
      STALLSCAN_LIST("moved_classes", MovedClasses),
      STALLSCAN_LIST("errors", Errors),
  });
#undef STALLSCAN_LIST
  emitObject(Out, S, Fields, Drop);
}
} // namespace

void writeSummaryValues(const TUSummary &S, SummaryValueSink &Out) {
  emitSummary(S, Out, nullptr);
}

void writeSummaryValues(const TUSummary &S, SummaryValueSink &Out,
                        const DropOwner &Drop) {
  emitSummary(S, Out, &Drop);
}

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

namespace {
/// The bytes a content hash is taken of: a summary's values as
/// writeSummaryValues gives them, each self-delimiting (a kind, numbers at a
/// fixed width, strings and containers after their length), so different
/// summaries never give the same bytes. Keys are left out: a fact's are the
/// same whatever its values. Taken from the facts, not from their JSON text:
/// building each unit's tree and text only to hash it was most of what
/// writing a 10,000-TU index cost.
class HashBytes : public SummaryValueSink {
public:
  std::string Out;
  void beginObject(size_t N) override { sized('{', N); }
  void key(std::string_view) override {}
  void beginArray(size_t N) override { sized('[', N); }
  void end() override {}
  void string(std::string_view S) override {
    sized('s', S.size());
    Out += S;
  }
  void integer(int64_t V) override { sized('i', static_cast<uint64_t>(V)); }
  void unsignedInteger(uint64_t V) override { sized('u', V); }
  void boolean(bool B) override { Out += B ? 't' : 'f'; }

private:
  void sized(char Kind, uint64_t V) {
    char B[sizeof V];
    std::memcpy(B, &V, sizeof V);
    Out += Kind;
    Out.append(B, sizeof V);
  }
};
} // namespace

ContentHash summaryHash(const TUSummary &S) {
  HashBytes B;
  writeSummaryValues(S, B);
  return contentHash(B.Out);
}

std::optional<std::string>
rewriteLambdaIds(std::string_view Text, std::string_view MainFile,
                 const std::function<std::optional<Place>(Place)> &To) {
  // FunctionIds::id (extract/Names.cpp): "lambda:" file ":" line ":" column.
  std::string Prefix = "lambda:" + std::string(MainFile) + ":";
  size_t At = Text.find(Prefix);
  if (At == std::string_view::npos)
    return std::string(Text);
  std::string Out;
  size_t Done = 0;
  for (; At != std::string_view::npos; At = Text.find(Prefix, Done)) {
    size_t P = At + Prefix.size();
    auto Number = [&](unsigned &N) {
      size_t From = P;
      N = 0;
      while (P < Text.size() && P - From < 9 && Text[P] >= '0' &&
             Text[P] <= '9')
        N = N * 10 + unsigned(Text[P++] - '0');
      return P > From;
    };
    unsigned Line, Col;
    Out.append(Text.substr(Done, At - Done));
    if (!Number(Line) || P >= Text.size() || Text[P++] != ':' ||
        !Number(Col)) { // not an id: kept as it is
      Out.append(Text.substr(At, P - At));
      Done = P;
      continue;
    }
    std::optional<Place> New = To({Line, Col});
    if (!New)
      return std::nullopt;
    Out += Prefix + std::to_string(New->first) + ":" +
           std::to_string(New->second);
    Done = P;
  }
  Out.append(Text.substr(Done));
  return Out;
}

namespace {
/// The key of a local variable of a function defined in the main file
/// ("local:" function id ":" name ":" line, Extractor::fdKey): where its
/// line is in \p Key, else npos.
size_t localKeyLine(std::string_view Key,
                    const std::unordered_set<std::string_view> &MainFns) {
  if (Key.rfind("local:", 0) != 0)
    return std::string_view::npos;
  size_t Colon = Key.rfind(':');
  if (Colon == std::string_view::npos || Colon + 1 == Key.size() ||
      Key.find_first_not_of("0123456789", Colon + 1) != std::string_view::npos ||
      Key.size() - Colon > 9)
    return std::string_view::npos;
  size_t Name = Key.rfind(':', Colon - 1);
  if (Name == std::string_view::npos || Name < 6 ||
      !MainFns.count(Key.substr(6, Name - 6)))
    return std::string_view::npos;
  return Colon + 1;
}

/// What names places of the main file in a unit's values: its locations,
/// lambda ids, and the keys of its main-file functions' local variables
/// (their line, as the place (line, 0)).
class PlaceSink : public HashBytes {
public:
  explicit PlaceSink(const TUSummary &S) : Main(S.MainFile) {
    for (const FunctionFact &F : S.Functions)
      if (F.Where.File.str() == S.MainFile)
        MainFns.insert(F.Id);
  }

protected:
  /// \p Text with its places written as \p To gives them.
  std::string rewrite(std::string_view Text,
                      const std::function<std::optional<Place>(Place)> &To) {
    std::string Out(Text);
    if (size_t L = localKeyLine(Text, MainFns); L != std::string_view::npos) {
      unsigned Line = 0;
      for (char C : Text.substr(L))
        Line = Line * 10 + unsigned(C - '0');
      Out = std::string(Text.substr(0, L)) + "@" +
            std::to_string(To({Line, 0})->first);
    }
    if (Out.find("lambda:") != std::string::npos)
      Out = *rewriteLambdaIds(Out, Main, To);
    return Out;
  }
  bool mayName(std::string_view S) const {
    return S.find("lambda:") != std::string_view::npos ||
           S.rfind("local:", 0) == 0;
  }
  std::string_view Main;

private:
  std::unordered_set<std::string_view> MainFns;
};

/// The places of the main file a summary's values name, and the bytes of
/// its content hash (HashBytes) on the same walk.
class PlaceCollector : public PlaceSink {
public:
  PlaceCollector(const TUSummary &S, std::vector<Place> &Found)
      : PlaceSink(S), Found(Found) {}
  void string(std::string_view S) override {
    HashBytes::string(S);
    if (mayName(S))
      rewrite(S, [&](Place P) -> std::optional<Place> {
        Found.push_back(P);
        return P;
      });
  }
  void location(std::string_view File, unsigned Line, unsigned Col) override {
    HashBytes::location(File, Line, Col);
    if (File == Main)
      Found.push_back({Line, Col});
  }

private:
  std::vector<Place> &Found;
};

/// HashBytes with the main file's places written as their ranks.
class ShapeBytes : public PlaceSink {
public:
  ShapeBytes(const TUSummary &S, const std::vector<Place> &Places)
      : PlaceSink(S), Places(Places) {
    // Ranks: of each place's line among the lines, of its column on it.
    unsigned LineRank = 0, ColRank = 0;
    for (size_t I = 0; I < Places.size(); ++I) {
      if (I > 0 && Places[I].first != Places[I - 1].first) {
        ++LineRank;
        ColRank = 0;
      } else if (I > 0) {
        ++ColRank;
      }
      Ranks.push_back({LineRank, ColRank});
    }
  }
  void string(std::string_view S) override {
    if (!mayName(S))
      return HashBytes::string(S);
    HashBytes::string(rewrite(S, [&](Place P) { return rank(P); }));
  }
  void location(std::string_view File, unsigned Line, unsigned Col) override {
    if (File != Main)
      return HashBytes::location(File, Line, Col);
    Place R = *rank({Line, Col});
    HashBytes::location("", R.first, R.second); // "": the main file
  }

private:
  std::optional<Place> rank(Place P) const {
    auto It = std::lower_bound(Places.begin(), Places.end(), P);
    return Ranks[It - Places.begin()];
  }
  const std::vector<Place> &Places;
  std::vector<Place> Ranks;
};
} // namespace

ContentHash shapeHash(const TUSummary &S, std::vector<Place> &Places,
                      ContentHash *Content) {
  Places.clear();
  PlaceCollector Collect(S, Places);
  writeSummaryValues(S, Collect);
  if (Content)
    *Content = contentHash(Collect.Out);
  std::sort(Places.begin(), Places.end());
  Places.erase(std::unique(Places.begin(), Places.end()), Places.end());
  ShapeBytes B(S, Places);
  writeSummaryValues(S, B);
  return contentHash(B.Out);
}

void ownedFactHashes(const TUSummary &S,
                     const std::function<bool(const std::string &)> &Wanted,
                     std::unordered_map<std::string, ContentHash> &Out,
                     std::unordered_set<std::string> &OwnsReactor) {
  std::unordered_map<std::string, HashBytes> Text;
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
      HashBytes &T = Text[Id];
      T.integer(List);
      emitValue(T, F);
    }
  });
  for (const auto &[Id, T] : Text)
    Out[Id] = contentHash(T.Out);
}

} // namespace stallscan
