//===--- SummaryReader.cpp - Strict reading of TU summaries ---------------===//
//
// One overload of read() per field type and one readFields() per fact, each
// listing the fact's keys exactly as to_json writes them. The place of a
// value is a chain of (parent, key or index) on the stack and is only turned
// into a string when something is wrong, so reading a large index costs no
// string building.
//
//===----------------------------------------------------------------------===//
#include "summary/SummaryReader.h"

#include <algorithm>
#include <climits>
#include <set>
#include <string_view>

namespace stallscan {

namespace {

using json = nlohmann::json;

/// Where a value is: "calls[3].Where[1]".
struct Place {
  const Place *Parent = nullptr;
  const char *Key = nullptr; ///< a member, or null for an array element
  size_t Index = 0;

  std::string str() const {
    if (!Parent)
      return ""; // the summary itself
    std::string Up = Parent->str();
    if (Key)
      return Up.empty() ? Key : Up + "." + Key;
    return Up + "[" + std::to_string(Index) + "]";
  }
  Place member(const char *K) const { return {this, K, 0}; }
  Place element(size_t I) const { return {this, nullptr, I}; }
};

[[noreturn]] void bad(const Place &P, const std::string &What) {
  std::string Where = P.str();
  throw SummaryFormatError((Where.empty() ? "summary" : Where) + ": " + What);
}

void read(const json &J, const Place &P, std::string &Out) {
  if (!J.is_string())
    bad(P, "expected a string");
  Out = J.get_ref<const std::string &>();
}

void read(const json &J, const Place &P, bool &Out) {
  if (!J.is_boolean())
    bad(P, "expected true or false");
  Out = J.get<bool>();
}

void read(const json &J, const Place &P, unsigned &Out) {
  // Parsed text gives unsigned numbers, a document built in memory signed.
  if (!J.is_number_integer() ||
      (!J.is_number_unsigned() && J.get<int64_t>() < 0) ||
      J.get<uint64_t>() > UINT_MAX)
    bad(P, "expected an integer from 0 to " + std::to_string(UINT_MAX));
  Out = static_cast<unsigned>(J.get<uint64_t>());
}

/// A reactor index: -1 (none) or a position, checked against the reactor
/// list once the whole summary is read.
void read(const json &J, const Place &P, int &Out) {
  if (!J.is_number_integer() || J.get<int64_t>() < -1 ||
      J.get<int64_t>() > INT_MAX)
    bad(P, "expected -1 or a reactor index");
  Out = static_cast<int>(J.get<int64_t>());
}

void read(const json &J, const Place &P, Loc &L) {
  if (!J.is_array() || J.size() != 3)
    bad(P, "expected a location [file, line, column]");
  std::string File;
  read(J[0], P.element(0), File);
  L.File = File;
  read(J[1], P.element(1), L.Line);
  read(J[2], P.element(2), L.Col);
}

template <typename T> void readFields(const json &J, const Place &P, T &Out);

/// Reads an object's members; done() fails on any key not read.
class Fields {
public:
  Fields(const json &J, const Place &P) : J(J), P(P) {
    if (!J.is_object())
      bad(P, "expected an object");
  }
  template <typename T> Fields &operator()(const char *Key, T &Out) {
    auto It = J.find(Key);
    if (It == J.end())
      bad(P, std::string("missing '") + Key + "'");
    read(*It, P.member(Key), Out);
    Read.push_back(Key);
    return *this;
  }
  void done() const {
    if (Read.size() == J.size())
      return;
    for (auto It = J.begin(); It != J.end(); ++It)
      if (std::find(Read.begin(), Read.end(), It.key()) == Read.end())
        bad(P, "unknown key '" + It.key() + "'");
  }

private:
  const json &J;
  const Place &P;
  std::vector<std::string_view> Read;
};

template <typename T> void read(const json &J, const Place &P, T &Out) {
  readFields(J, P, Out);
}

template <typename T>
void read(const json &J, const Place &P, std::vector<T> &Out) {
  if (!J.is_array())
    bad(P, "expected an array");
  Out.resize(J.size());
  for (size_t I = 0; I < J.size(); ++I)
    read(J[I], P.element(I), Out[I]);
}

// Each fact's keys, as to_json writes them (the member names).
#define FIELD(Name) (#Name, Out.Name)

template <> void readFields(const json &J, const Place &P, ObjectRef &Out) {
  Fields(J, P) FIELD(Base) FIELD(Path) FIELD(Name).done();
  // The analysis reads Base by its prefix, and a parameter's index from it.
  const std::string &B = Out.Base;
  auto Prefixed = [&](std::string_view Prefix) {
    return B.size() > Prefix.size() && B.compare(0, Prefix.size(), Prefix) == 0;
  };
  bool Param = Prefixed("param:") && B.size() <= 9 &&
               B.find_first_not_of("0123456789", 6) == std::string::npos;
  if (!B.empty() && B != "this" && !Param && !Prefixed("global:") &&
      !Prefixed("thread:") && !Prefixed("frame:"))
    bad(P.member("Base"), "expected \"\", \"this\", \"param:<index>\", "
                          "\"global:...\", \"thread:...\" or \"frame:...\"");
}
template <> void readFields(const json &J, const Place &P, HeldLockFact &Out) {
  Fields(J, P) FIELD(Lock) FIELD(Name) FIELD(Acquired) FIELD(Shared)
      FIELD(Object) FIELD(Private)
          .done();
}
template <> void readFields(const json &J, const Place &P, ArgObjectFact &Out) {
  Fields(J, P) FIELD(Index) FIELD(Object).done();
}
template <> void readFields(const json &J, const Place &P, LockArgFact &Out) {
  Fields(J, P) FIELD(Index) FIELD(Lock) FIELD(Name).done();
}
template <> void readFields(const json &J, const Place &P, FunctionFact &Out) {
  Fields(J, P) FIELD(Id) FIELD(Name) FIELD(Where) FIELD(IsCoroutine)
      FIELD(AnnotatedLoop) FIELD(Overrides) FIELD(ThisOf) FIELD(Straight)
          .done();
}
template <> void readFields(const json &J, const Place &P, RootFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(Api) FIELD(Library) FIELD(Registrar)
      FIELD(Where) FIELD(Via) FIELD(Receiver) FIELD(ReceiverClass)
          .done();
}
template <>
void readFields(const json &J, const Place &P, EntryLockFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(Lock) FIELD(Name) FIELD(Api)
      FIELD(Export) FIELD(Registrar) FIELD(Where)
          .done();
}
template <> void readFields(const json &J, const Place &P, CallFact &Out) {
  Fields(J, P) FIELD(Caller) FIELD(Callee) FIELD(Where) FIELD(Virtual)
      FIELD(Callback) FIELD(Reactor) FIELD(Held) FIELD(LockArgs)
          FIELD(Released) FIELD(PassedTo) FIELD(PassedIndex) FIELD(Receiver)
              FIELD(ArgObjects) FIELD(Exit) FIELD(AfterLoop) FIELD(Args)
              .done();
}
template <> void readFields(const json &J, const Place &P, BlockingFact &Out) {
  Fields(J, P) FIELD(Caller) FIELD(Api) FIELD(Kind) FIELD(Alternative)
      FIELD(Where) FIELD(RawSocket) FIELD(RequiresFileFd) FIELD(Fd)
          FIELD(Reactor) FIELD(Held) FIELD(ReleasesLock) FIELD(Released)
              FIELD(OnceFlag) FIELD(GuardParam) FIELD(PathParam)
                  FIELD(AllowedIn)
              .done();
}
template <> void readFields(const json &J, const Place &P, OffloadFact &Out) {
  Fields(J, P) FIELD(Caller) FIELD(Target) FIELD(Api) FIELD(Where)
      FIELD(Thread) FIELD(InLoop) FIELD(PerConnection) FIELD(Receiver)
          FIELD(Singleton).done();
}
template <> void readFields(const json &J, const Place &P, FdFlowFact &Out) {
  Fields(J, P) FIELD(From) FIELD(To).done();
}
template <>
void readFields(const json &J, const Place &P, IndirectCallFact &Out) {
  Fields(J, P) FIELD(Caller) FIELD(Storage) FIELD(Where) FIELD(Reactor).done();
}
template <>
void readFields(const json &J, const Place &P, AddressTakenFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(Storage).done();
}
template <>
void readFields(const json &J, const Place &P, StoredParamFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(Index) FIELD(Storage).done();
}
template <> void readFields(const json &J, const Place &P, ReactorFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(WaitApi) FIELD(Where).done();
}
template <> void readFields(const json &J, const Place &P, RunnerFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(Api) FIELD(Library) FIELD(Where).done();
}
template <>
void readFields(const json &J, const Place &P, ThreadPerConnectionFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(AcceptApi) FIELD(SpawnApi) FIELD(Where)
      .done();
}
template <>
void readFields(const json &J, const Place &P, ClientCallFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(Api) FIELD(Kind) FIELD(Async) FIELD(Where)
      .done();
}
template <> void readFields(const json &J, const Place &P, SuspendFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(Op) FIELD(Where) FIELD(Held).done();
}
template <>
void readFields(const json &J, const Place &P, CriticalSectionFact &Out) {
  Fields(J, P) FIELD(Function) FIELD(Lock) FIELD(Api) FIELD(Statements)
      FIELD(Calls) FIELD(UserCalls) FIELD(Loops) FIELD(Allocations)
          .done();
}

#undef FIELD

/// Reactor indices point into Reactors, at a loop of the same function (the
/// extractor only numbers the loops of the function it is in).
template <typename Fact>
void checkReactors(const std::vector<Fact> &Facts, const char *List,
                   std::string Fact::*Owner, const TUSummary &S) {
  Place Root;
  Place InList = Root.member(List);
  for (size_t I = 0; I < Facts.size(); ++I) {
    int R = Facts[I].Reactor;
    if (R < 0)
      continue;
    Place Element = InList.element(I);
    Place At = Element.member("Reactor");
    if (static_cast<size_t>(R) >= S.Reactors.size())
      bad(At, "reactor " + std::to_string(R) + " does not exist (" +
                  std::to_string(S.Reactors.size()) + " reactors)");
    if (S.Reactors[R].Function != Facts[I].*Owner)
      bad(At,
          "reactor " + std::to_string(R) + " is a loop of another function");
  }
}

} // namespace

void readLoc(const json &J, Loc &L) { read(J, Place(), L); }

TUSummary readSummary(const json &J) {
  Place P;
  TUSummary S;
  unsigned Version = 0;
  Fields F(J, P);
  F("version", Version);
  if (Version != SummaryFormatVersion)
    bad(P, "format version " + std::to_string(Version) +
               ", this stallscan reads " +
               std::to_string(SummaryFormatVersion));
  F("main_file", S.MainFile)
  ("functions", S.Functions)("roots", S.Roots)("entry_locks", S.EntryLocks)("calls", S.Calls)(
      "blocking", S.Blocking)("offloads", S.Offloads)(
      "indirect_calls", S.IndirectCalls)("address_taken", S.AddressTaken)(
      "stored_params", S.StoredParams)(
      "reactors", S.Reactors)("stray_waits", S.StrayWaits)("console_loops", S.ConsoleLoops)(
      "runners", S.Runners)("thread_per_connection", S.ThreadPerConnection)(
      "client_calls", S.ClientCalls)("suspends", S.Suspends)(
      "critical_sections", S.CriticalSections)("file_fds", S.FileFds)(
      "nonblocking_fds", S.NonBlockingFds)("fd_flows", S.FdFlows)(
      "crash_handlers", S.CrashHandlers)("moved_classes", S.MovedClasses)("errors",
                                                                  S.Errors)
      .done();
  // Main files are absolute (the empty one of an index's shared unit
  // excepted): components are found by cutting them at '/'.
  if (!S.MainFile.empty() && S.MainFile[0] != '/')
    bad(P.member("main_file"), "expected an absolute path");
  // A reactor is a loop in a function this unit defines: the analysis
  // names the loop after it.
  if (!S.Reactors.empty()) {
    std::set<std::string_view> Defined;
    for (const FunctionFact &F : S.Functions)
      Defined.insert(F.Id);
    Place InList = P.member("reactors");
    for (size_t I = 0; I < S.Reactors.size(); ++I)
      if (!Defined.count(S.Reactors[I].Function)) {
        Place Element = InList.element(I);
        bad(Element.member("Function"),
            "the reactor's function is not among this unit's functions");
      }
  }
  checkReactors(S.Calls, "calls", &CallFact::Caller, S);
  checkReactors(S.Blocking, "blocking", &BlockingFact::Caller, S);
  checkReactors(S.IndirectCalls, "indirect_calls", &IndirectCallFact::Caller,
                S);
  return S;
}

} // namespace stallscan
