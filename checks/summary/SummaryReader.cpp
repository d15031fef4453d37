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

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "summary/BinaryIndex.h"

#include <algorithm>
#include <climits>
#include <deque>
#include <optional>
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

// The accessors the reader needs, for nlohmann's tree and for the compact
// one of the fast path (LiteJson below).
const std::string &str(const json &J) { return J.get_ref<const std::string &>(); }
bool boolean(const json &J) { return J.get<bool>(); }
int64_t int64(const json &J) { return J.get<int64_t>(); }
uint64_t uint64(const json &J) { return J.get<uint64_t>(); }
const json &elem(const json &J, size_t I) { return J[I]; }
const json *member(const json &J, const char *Key) {
  auto It = J.find(Key);
  return It == J.end() ? nullptr : &*It;
}
template <typename F> void forEachKey(const json &J, F Fn) {
  for (auto It = J.begin(); It != J.end(); ++It)
    Fn(std::string_view(It.key()));
}

/// A JSON tree for reading summaries fast: nodes in one vector, the
/// children of a container contiguous, keys pointing into the text. Built
/// by a SAX handler that accepts only what the strict parser accepts
/// without a word (no duplicate keys, bounded nesting); anything else is
/// left to the strict path, which says what is wrong.
class LiteJson;
struct LiteDoc {
  enum Kind : uint8_t { Null, Bool, Int, Unsigned, Float, String, Array, Object };
  struct Node {
    Kind K = Null;
    bool B = false;
    int64_t I = 0; ///< Int; Unsigned as its bits
    uint32_t First = 0, Count = 0; ///< Array, Object: children in Kids
    std::string_view Key;          ///< as a member of an object
    std::string S;
  };
  std::vector<Node> Nodes;
  std::vector<uint32_t> Kids;
};

class LiteJson {
public:
  LiteJson(const LiteDoc &D, uint32_t N) : D(&D), N(N) {}
  bool is_string() const { return node().K == LiteDoc::String; }
  bool is_boolean() const { return node().K == LiteDoc::Bool; }
  bool is_number_integer() const {
    return node().K == LiteDoc::Int || node().K == LiteDoc::Unsigned;
  }
  bool is_number_unsigned() const { return node().K == LiteDoc::Unsigned; }
  bool is_array() const { return node().K == LiteDoc::Array; }
  bool is_object() const { return node().K == LiteDoc::Object; }
  size_t size() const {
    return is_array() || is_object() ? node().Count
                                     : node().K == LiteDoc::Null ? 0 : 1;
  }
  const LiteDoc::Node &node() const { return D->Nodes[N]; }
  LiteJson child(size_t I) const {
    return LiteJson(*D, D->Kids[node().First + I]);
  }

private:
  const LiteDoc *D;
  uint32_t N;
};

const std::string &str(const LiteJson &J) { return J.node().S; }
bool boolean(const LiteJson &J) { return J.node().B; }
int64_t int64(const LiteJson &J) { return J.node().I; }
uint64_t uint64(const LiteJson &J) {
  return static_cast<uint64_t>(J.node().I);
}
// Elements are views made on the spot; the reader keeps no reference past
// the call it passes one to.
LiteJson elem(const LiteJson &J, size_t I) { return J.child(I); }
std::optional<LiteJson> member(const LiteJson &J, const char *Key) {
  std::string_view K(Key);
  for (size_t I = 0; I < J.size(); ++I) {
    LiteJson C = J.child(I);
    if (C.node().Key == K)
      return C;
  }
  return std::nullopt;
}
template <typename F> void forEachKey(const LiteJson &J, F Fn) {
  for (size_t I = 0; I < J.size(); ++I)
    Fn(J.child(I).node().Key);
}

// A binary index's values (BinaryIndex.h): its frame is checked already.
std::string_view str(const BinaryValue &J) { return J.str(); }
bool boolean(const BinaryValue &J) { return J.payload() != 0; }
int64_t int64(const BinaryValue &J) {
  return static_cast<int64_t>(J.payload());
}
uint64_t uint64(const BinaryValue &J) { return J.payload(); }
BinaryValue elem(const BinaryValue &J, size_t I) { return J.child(I); }
std::optional<BinaryValue> member(const BinaryValue &J, const char *Key) {
  std::string_view K(Key);
  for (size_t I = 0; I < J.size(); ++I) {
    BinaryValue C = J.child(I);
    if (C.key() == K)
      return C;
  }
  return std::nullopt;
}
template <typename F> void forEachKey(const BinaryValue &J, F Fn) {
  for (size_t I = 0; I < J.size(); ++I)
    Fn(J.child(I).key());
}

/// A location's file: interned once per string of a binary index, else
/// for each location.
template <typename JT> FilePath filePathOf(const JT &J) {
  return FilePath(str(J));
}
FilePath filePathOf(const BinaryValue &J) { return J.filePath(); }

/// The strict reader, for any of the trees.
template <typename JT> struct Reader {

  static void read(const JT &J, const Place &P, std::string &Out) {
    if (!J.is_string())
      bad(P, "expected a string");
    Out = str(J);
  }

  static void read(const JT &J, const Place &P, bool &Out) {
    if (!J.is_boolean())
      bad(P, "expected true or false");
    Out = boolean(J);
  }

  static void read(const JT &J, const Place &P, unsigned &Out) {
    // Parsed text gives unsigned numbers, a document built in memory signed.
    if (!J.is_number_integer() ||
        (!J.is_number_unsigned() && int64(J) < 0) ||
        uint64(J) > UINT_MAX)
      bad(P, "expected an integer from 0 to " + std::to_string(UINT_MAX));
    Out = static_cast<unsigned>(uint64(J));
  }

  /// A reactor index: -1 (none) or a position, checked against the reactor
  /// list once the whole summary is read.
  static void read(const JT &J, const Place &P, int &Out) {
    if (!J.is_number_integer() || int64(J) < -1 ||
        int64(J) > INT_MAX)
      bad(P, "expected -1 or a reactor index");
    Out = static_cast<int>(int64(J));
  }

  static void read(const JT &J, const Place &P, Loc &L) {
    if (!J.is_array() || J.size() != 3)
      bad(P, "expected a location [file, line, column]");
    if (!elem(J, 0).is_string())
      bad(P.element(0), "expected a string");
    L.File = filePathOf(elem(J, 0));
    read(elem(J, 1), P.element(1), L.Line);
    read(elem(J, 2), P.element(2), L.Col);
  }

  
  /// Reads an object's members; done() fails on any key not read.
  class Fields {
  public:
    Fields(const JT &J, const Place &P) : J(J), P(P) {
      if (!J.is_object())
        bad(P, "expected an object");
    }
    template <typename T> Fields &operator()(const char *Key, T &Out) {
      auto V = member(J, Key);
      if (!V)
        bad(P, std::string("missing '") + Key + "'");
      read(*V, P.member(Key), Out);
      Read.push_back(Key);
      return *this;
    }
    void done() const {
      if (Read.size() == J.size())
        return;
      forEachKey(J, [&](std::string_view Key) {
        if (std::find(Read.begin(), Read.end(), Key) == Read.end())
          bad(P, "unknown key '" + std::string(Key) + "'");
      });
    }

  private:
    const JT &J;
    const Place &P;
    std::vector<std::string_view> Read;
  };

  
  template <typename T>
  static void read(const JT &J, const Place &P, std::vector<T> &Out) {
    if (!J.is_array())
      bad(P, "expected an array");
    Out.resize(J.size());
    for (size_t I = 0; I < J.size(); ++I)
      read(elem(J, I), P.element(I), Out[I]);
  }

  // Each fact's keys, as to_json writes them (the member names).
  #define FIELD(Name) (#Name, Out.Name)

  static void read(const JT &J, const Place &P, ObjectRef &Out) {
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
  static void read(const JT &J, const Place &P, HeldLockFact &Out) {
    Fields(J, P) FIELD(Lock) FIELD(Name) FIELD(Acquired) FIELD(Shared)
        FIELD(Object) FIELD(Private)
            .done();
  }
  static void read(const JT &J, const Place &P, ArgObjectFact &Out) {
    Fields(J, P) FIELD(Index) FIELD(Object).done();
  }
  static void read(const JT &J, const Place &P, LockArgFact &Out) {
    Fields(J, P) FIELD(Index) FIELD(Lock) FIELD(Name).done();
  }
  static void read(const JT &J, const Place &P, FunctionFact &Out) {
    Fields(J, P) FIELD(Id) FIELD(Name) FIELD(Where) FIELD(IsCoroutine)
        FIELD(AnnotatedLoop) FIELD(Overrides) FIELD(ThisOf) FIELD(Straight)
            FIELD(Ends) FIELD(EndsVia)
            .done();
  }
  static void read(const JT &J, const Place &P, RootFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(Api) FIELD(Library) FIELD(Registrar)
        FIELD(Where) FIELD(Via) FIELD(Receiver) FIELD(ReceiverClass)
            FIELD(Idle) FIELD(Timer)
            .done();
  }
  static void read(const JT &J, const Place &P, EntryLockFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(Lock) FIELD(Name) FIELD(Api)
        FIELD(Export) FIELD(Registrar) FIELD(Where)
            .done();
  }
  static void read(const JT &J, const Place &P, CallFact &Out) {
    Fields(J, P) FIELD(Caller) FIELD(Callee) FIELD(Where) FIELD(Virtual)
        FIELD(Callback) FIELD(Reactor) FIELD(Held) FIELD(LockArgs)
            FIELD(Released) FIELD(PassedTo) FIELD(PassedIndex) FIELD(Receiver)
                FIELD(ArgObjects) FIELD(Exit) FIELD(AfterLoop) FIELD(Cold)
                    FIELD(Report) FIELD(Args)
                .done();
  }
  static void read(const JT &J, const Place &P, BlockingFact &Out) {
    Fields(J, P) FIELD(Caller) FIELD(Api) FIELD(Kind) FIELD(Alternative)
        FIELD(Where) FIELD(RawSocket) FIELD(RequiresFileFd) FIELD(Fd)
            FIELD(Reactor) FIELD(Held) FIELD(ReleasesLock) FIELD(Released)
                FIELD(OnceFlag) FIELD(GuardParam) FIELD(PathParam)
                    FIELD(AllowedIn) FIELD(Report)
                .done();
  }
  static void read(const JT &J, const Place &P, OffloadFact &Out) {
    Fields(J, P) FIELD(Caller) FIELD(Target) FIELD(Api) FIELD(Where)
        FIELD(Thread) FIELD(InLoop) FIELD(PerConnection) FIELD(Receiver)
            FIELD(Singleton) FIELD(AtExit).done();
  }
  static void read(const JT &J, const Place &P, FdFlowFact &Out) {
    Fields(J, P) FIELD(From) FIELD(To).done();
  }
  static void read(const JT &J, const Place &P, IndirectCallFact &Out) {
    Fields(J, P) FIELD(Caller) FIELD(Storage) FIELD(Where) FIELD(Reactor).done();
  }
  static void read(const JT &J, const Place &P, AddressTakenFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(Storage).done();
  }
  static void read(const JT &J, const Place &P, StoredParamFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(Index) FIELD(Storage).done();
  }
  static void read(const JT &J, const Place &P, ReactorFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(WaitApi) FIELD(Where)
        FIELD(Turn).done();
  }
  static void read(const JT &J, const Place &P, RunnerFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(Api) FIELD(Library) FIELD(Where).done();
  }
  static void read(const JT &J, const Place &P, ThreadPerConnectionFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(AcceptApi) FIELD(SpawnApi) FIELD(Where)
        .done();
  }
  static void read(const JT &J, const Place &P, ClientCallFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(Api) FIELD(Kind) FIELD(Async) FIELD(Where)
        .done();
  }
  static void read(const JT &J, const Place &P, SuspendFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(Op) FIELD(Where) FIELD(Held).done();
  }
  static void read(const JT &J, const Place &P, CriticalSectionFact &Out) {
    Fields(J, P) FIELD(Function) FIELD(Lock) FIELD(Api) FIELD(Statements)
        FIELD(Calls) FIELD(UserCalls) FIELD(Loops) FIELD(Allocations) FIELD(Once)
            .done();
  }

  };

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

namespace {

template <typename JT> TUSummary readSummaryTree(const JT &J) {
  using Fields = typename Reader<JT>::Fields;
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
      "crash_handlers", S.CrashHandlers)("no_return", S.NoReturn)("moved_classes", S.MovedClasses)("errors",
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

} // namespace

void readLoc(const json &J, Loc &L) { Reader<json>::read(J, Place(), L); }

TUSummary readSummary(const json &J) { return readSummaryTree(J); }

TUSummary readSummary(const BinaryValue &J) { return readSummaryTree(J); }

namespace {

constexpr size_t LiteMaxDepth = 256; // as the strict parser's

/// Builds a LiteDoc; stops (returns false) at anything the strict parser
/// would report or that it would need to check closely.
class LiteBuilder {
public:
  explicit LiteBuilder(LiteDoc &D) : D(D) {}

  bool null() { return add(LiteDoc::Null); }
  bool boolean(bool B) {
    if (!add(LiteDoc::Bool))
      return false;
    D.Nodes.back().B = B;
    return true;
  }
  bool number_integer(int64_t N) {
    if (!add(LiteDoc::Int))
      return false;
    D.Nodes.back().I = N;
    return true;
  }
  bool number_unsigned(uint64_t N) {
    if (!add(LiteDoc::Unsigned))
      return false;
    D.Nodes.back().I = static_cast<int64_t>(N);
    return true;
  }
  bool number_float(double, const std::string &) { return false; }
  bool string(std::string &S) {
    if (!add(LiteDoc::String))
      return false;
    D.Nodes.back().S = std::move(S);
    return true;
  }
  bool binary(json::binary_t &) { return false; }
  bool start_object(std::size_t) { return open(LiteDoc::Object); }
  bool start_array(std::size_t) { return open(LiteDoc::Array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string &K) {
    // Keys are kept as text of their own; summaries' keys are few and short.
    Keys.push_back(std::move(K));
    std::string_view New = Keys.back();
    for (size_t I = Pending.back().Start; I < Stack.size(); ++I)
      if (D.Nodes[Stack[I]].Key == New)
        return false; // a duplicate: the strict parser names it
    Key = New;
    return true;
  }
  bool parse_error(std::size_t, const std::string &,
                   const nlohmann::detail::exception &) {
    return false;
  }

private:
  struct Open {
    uint32_t Node;
    size_t Start; ///< where its children start in Stack
  };

  bool add(LiteDoc::Kind K) {
    if (D.Nodes.size() >= UINT32_MAX)
      return false;
    D.Nodes.emplace_back();
    D.Nodes.back().K = K;
    if (!Pending.empty()) {
      if (D.Nodes[Pending.back().Node].K == LiteDoc::Object)
        D.Nodes.back().Key = Key;
      Stack.push_back(static_cast<uint32_t>(D.Nodes.size() - 1));
    }
    return true;
  }
  bool open(LiteDoc::Kind K) {
    if (Pending.size() >= LiteMaxDepth || !add(K))
      return false;
    Pending.push_back(
        {static_cast<uint32_t>(D.Nodes.size() - 1), Stack.size()});
    return true;
  }
  bool close() {
    Open O = Pending.back();
    Pending.pop_back();
    LiteDoc::Node &N = D.Nodes[O.Node];
    N.First = static_cast<uint32_t>(D.Kids.size());
    N.Count = static_cast<uint32_t>(Stack.size() - O.Start);
    D.Kids.insert(D.Kids.end(), Stack.begin() + O.Start, Stack.end());
    Stack.resize(O.Start);
    return true;
  }

  LiteDoc &D;
  std::vector<Open> Pending;
  std::vector<uint32_t> Stack; ///< children of the open containers
  std::deque<std::string> Keys; ///< stable: nodes point into them
  std::string_view Key;
};

/// A JSON tokenizer for the fast path, calling \p H's SAX handlers as
/// nlohmann's sax_parse does, on the JSON that summaries, indexes and cache
/// entries are written as. It gives up (false) wherever it would have to
/// judge closely (a number with a fraction or an exponent, a malformed
/// escape, a byte that is not UTF-8, anything that is not JSON): the strict
/// parser then reads the text and says what is wrong. nlohmann's lexer
/// builds every token a character at a time, and was most of the time a
/// link took to read summaries; this one copies runs of plain characters.
template <typename Handler> class LiteTokenizer {
public:
  LiteTokenizer(std::string_view Text, Handler &H)
      : P(Text.data()), End(Text.data() + Text.size()), H(H) {}

  /// One value and nothing after it but white space.
  bool parse() {
    if (!value())
      return false;
    space();
    return P == End;
  }

private:
  void space() {
    while (P != End && (*P == ' ' || *P == '\n' || *P == '\r' || *P == '\t'))
      ++P;
  }
  bool literal(std::string_view Word) {
    if (static_cast<size_t>(End - P) < Word.size() ||
        std::string_view(P, Word.size()) != Word)
      return false;
    P += Word.size();
    return true;
  }
  bool value() {
    space();
    if (P == End)
      return false;
    switch (*P) {
    case '{':
      return object();
    case '[':
      return array();
    case '"': {
      std::string S;
      return string(S) && H.string(S);
    }
    case 't':
      return literal("true") && H.boolean(true);
    case 'f':
      return literal("false") && H.boolean(false);
    case 'n':
      return literal("null") && H.null();
    default:
      return number();
    }
  }
  bool object() {
    ++P; // {
    if (!H.start_object(std::size_t(-1)))
      return false;
    space();
    if (P != End && *P == '}') {
      ++P;
      return H.end_object();
    }
    for (;;) {
      space();
      std::string K;
      if (P == End || *P != '"' || !string(K) || !H.key(K))
        return false;
      space();
      if (P == End || *P != ':')
        return false;
      ++P;
      bool More;
      if (!value() || !next('}', More))
        return false;
      if (!More)
        return H.end_object();
    }
  }
  bool array() {
    ++P; // [
    if (!H.start_array(std::size_t(-1)))
      return false;
    space();
    if (P != End && *P == ']') {
      ++P;
      return H.end_array();
    }
    for (;;) {
      bool More;
      if (!value() || !next(']', More))
        return false;
      if (!More)
        return H.end_array();
    }
  }
  /// After an item of a container that \p Close ends: a comma (\p More) or
  /// the end of the container.
  bool next(char Close, bool &More) {
    space();
    if (P == End || (*P != ',' && *P != Close))
      return false;
    More = *P++ == ',';
    return true;
  }
  /// An integer: unsigned without a sign, signed with one, as nlohmann
  /// tells them apart; anything else is left to the strict parser.
  bool number() {
    bool Negative = *P == '-';
    if (Negative)
      ++P;
    const char *Digits = P;
    while (P != End && *P >= '0' && *P <= '9')
      ++P;
    size_t N = static_cast<size_t>(P - Digits);
    if (N == 0 || (N > 1 && *Digits == '0'))
      return false; // not a number, or a leading zero
    if (P != End && (*P == '.' || *P == 'e' || *P == 'E'))
      return false; // a fraction or an exponent
    uint64_t V = 0;
    for (const char *D = Digits; D != P; ++D) {
      uint64_t Digit = static_cast<uint64_t>(*D - '0');
      if (V > (UINT64_MAX - Digit) / 10)
        return false; // beyond 64 bits: a float to nlohmann
      V = V * 10 + Digit;
    }
    if (!Negative)
      return H.number_unsigned(V);
    if (V > uint64_t(INT64_MAX) + 1)
      return false;
    return H.number_integer(
        V == uint64_t(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(V));
  }
  bool hex4(uint32_t &C) {
    if (End - P < 4)
      return false;
    C = 0;
    for (int I = 0; I < 4; ++I, ++P) {
      unsigned Digit = llvm::hexDigitValue(*P);
      if (Digit == ~0U)
        return false;
      C = C << 4 | Digit;
    }
    return true;
  }
  bool string(std::string &S) {
    ++P; // the opening quote
    bool Wide = false; // bytes above 0x7F, checked as UTF-8 at the end
    for (;;) {
      const char *Run = P;
      while (P != End && *P != '"' && *P != '\\' &&
             static_cast<unsigned char>(*P) >= 0x20) {
        Wide = Wide || static_cast<unsigned char>(*P) >= 0x80;
        ++P;
      }
      S.append(Run, P);
      if (P == End || static_cast<unsigned char>(*P) < 0x20)
        return false; // unterminated, or a control character
      if (*P == '"') {
        ++P;
        break;
      }
      ++P; // the backslash
      if (P == End)
        return false;
      char E = *P++;
      switch (E) {
      case '"': S += '"'; break;
      case '\\': S += '\\'; break;
      case '/': S += '/'; break;
      case 'b': S += '\b'; break;
      case 'f': S += '\f'; break;
      case 'n': S += '\n'; break;
      case 'r': S += '\r'; break;
      case 't': S += '\t'; break;
      case 'u': {
        uint32_t C;
        if (!hex4(C))
          return false;
        if (C >= 0xD800 && C <= 0xDBFF) { // a surrogate pair
          uint32_t Low;
          if (End - P < 2 || P[0] != '\\' || P[1] != 'u')
            return false;
          P += 2;
          if (!hex4(Low) || Low < 0xDC00 || Low > 0xDFFF)
            return false;
          C = 0x10000 + ((C - 0xD800) << 10) + (Low - 0xDC00);
        } else if (C >= 0xDC00 && C <= 0xDFFF) {
          return false; // a lone low surrogate
        }
        char Bytes[UNI_MAX_UTF8_BYTES_PER_CODE_POINT], *To = Bytes;
        llvm::ConvertCodePointToUTF8(C, To); // a scalar value: always one
        S.append(Bytes, To);
        break;
      }
      default:
        return false;
      }
    }
    if (Wide) {
      const auto *B = reinterpret_cast<const llvm::UTF8 *>(S.data());
      if (!llvm::isLegalUTF8String(&B, B + S.size()))
        return false;
    }
    return true;
  }

  const char *P;
  const char *End;
  Handler &H;
};

} // namespace

namespace {

/// Calls \p Read on the compact tree of \p Text; nullopt when the text is
/// not JSON the fast path takes, or \p Read throws.
template <typename T, typename F>
std::optional<T> withLiteTree(std::string_view Text, F Read) {
  // One tree per thread, emptied and refilled: a link reads thousands of
  // files on each thread, and memory used again is memory not faulted in
  // again. Emptied on the way out, and given back when an index made it
  // big: a front end keeps its threads.
  thread_local LiteDoc D;
  struct Empty {
    LiteDoc &D;
    ~Empty() {
      if (D.Nodes.capacity() > (1u << 20)) {
        D = LiteDoc();
        return;
      }
      D.Nodes.clear();
      D.Kids.clear();
    }
  } EmptyOnReturn{D};
  // About one value per 20 bytes of a summary's text.
  D.Nodes.reserve(Text.size() / 20 + 16);
  D.Kids.reserve(Text.size() / 20 + 16);
  LiteBuilder B(D);
  try {
    if (!LiteTokenizer<LiteBuilder>(Text, B).parse() || D.Nodes.empty())
      return std::nullopt;
    return Read(LiteJson(D, 0));
  } catch (const std::exception &) {
    return std::nullopt; // the strict path says what is wrong
  }
}

} // namespace

std::optional<SummaryFileContents> readSummaryFileFast(std::string_view Text) {
  return withLiteTree<SummaryFileContents>(
      Text, [](LiteJson Root) -> std::optional<SummaryFileContents> {
    if (!Root.is_object())
      return std::nullopt;
    auto Str = [&](const char *Key) -> const std::string * {
      auto V = member(Root, Key);
      return V && V->is_string() ? &str(*V) : nullptr;
    };
    const std::string *Kind = Str("stallscan");
    auto Version = member(Root, "version");
    if (!Kind || (*Kind != "summary" && *Kind != "index") || !Version ||
        !Version->is_number_unsigned() ||
        uint64(*Version) != static_cast<uint64_t>(SummaryFormatVersion))
      return std::nullopt;
    bool Index = *Kind == "index";
    SummaryFileContents Out;
    bool Ok = true;
    forEachKey(Root, [&](std::string_view K) {
      Ok = Ok && (K == "stallscan" || K == "version" ||
                  (K == "tool" && Str("tool")) ||
                  K == (Index ? "units" : "summary") ||
                  (Index && K == "config"));
    });
    if (!Ok)
      return std::nullopt;
    if (!Index) {
      auto Summary = member(Root, "summary");
      if (!Summary)
        return std::nullopt;
      Out.Units.push_back(readSummaryTree(*Summary));
      return Out;
    }
    auto Units = member(Root, "units");
    if (!Units || !Units->is_array())
      return std::nullopt;
    for (size_t I = 0; I < Units->size(); ++I)
      Out.Units.push_back(readSummaryTree(elem(*Units, I)));
    if (auto Config = member(Root, "config");
        Config && Config->node().K != LiteDoc::Null) {
      if (!Config->is_string())
        return std::nullopt;
      Out.ConfigPath = str(*Config);
    }
    return Out;
  });
}

std::optional<TUSummary> readCacheEntryFast(std::string_view Text,
                                            const CacheEntryCheck &Unchanged) {
  return withLiteTree<TUSummary>(
      Text, [&](LiteJson Root) -> std::optional<TUSummary> {
        if (!Root.is_object())
          return std::nullopt;
        auto ParsedAt = member(Root, "parsed_at");
        auto Deps = member(Root, "deps");
        auto Absent = member(Root, "absent");
        auto Summary = member(Root, "summary");
        if (!ParsedAt || !ParsedAt->is_number_integer() || !Deps ||
            !Deps->is_array() || !Absent || !Absent->is_array() || !Summary)
          return std::nullopt;
        const int64_t At = int64(*ParsedAt);
        for (size_t I = 0; I < Deps->size(); ++I) {
          LiteJson D = elem(*Deps, I);
          if (!D.is_array() || D.size() != 4 || !elem(D, 0).is_string() ||
              !elem(D, 1).is_number_unsigned() ||
              !elem(D, 2).is_number_integer() ||
              !elem(D, 3).is_number_unsigned())
            return std::nullopt;
          if (!Unchanged.Dep(str(elem(D, 0)), uint64(elem(D, 1)),
                             int64(elem(D, 2)), uint64(elem(D, 3)), At))
            return std::nullopt;
        }
        for (size_t I = 0; I < Absent->size(); ++I) {
          LiteJson A = elem(*Absent, I);
          if (!A.is_string() || !Unchanged.Absent(str(A)))
            return std::nullopt;
        }
        return readSummaryTree(*Summary);
      });
}

} // namespace stallscan
