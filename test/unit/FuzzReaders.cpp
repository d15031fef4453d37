//===--- FuzzReaders.cpp - Every input reader under mutated input ---------===//
//
// stallscan-fuzz-readers [--cases=N] [--seed=S] [--only=KIND] --work=DIR
//                        [KIND=FILE...]
//
// For each reader of external data (config, the catalog section of a
// config, compile database, baseline, summary file, index, cache entry) it
// takes valid seed documents (built in below, plus real ones given as
// KIND=FILE), mutates them N times with a fixed seed and runs each result
// through the same path as the tool: parse, validate and, for summaries,
// link and analyse. Every case must end in success or a ConfigError (a
// cache entry: a hit or a miss); a crash, a hang or any other exception is
// a failure, and the input that caused it is kept in DIR.
//
// Mutations: byte flips, truncations, inserted tokens, type swaps of JSON
// values, huge and out-of-range numbers (1e999, 2^64, -1, one past the
// end), removed and unknown keys, duplicated keys, deep nesting, and ids
// swapped between facts. Each case is small, so 10,000 per reader take
// seconds.
//
//===----------------------------------------------------------------------===//
#include "analysis/IncrementalLink.h"
#include "analysis/Program.h"
#include "catalog/Catalog.h"
#include "driver/Cache.h"
#include "driver/CompileDb.h"
#include "driver/Config.h"
#include "driver/Driver.h"
#include "driver/StoredResults.h"
#include "driver/SummaryFiles.h"
#include "driver/TUFrontEnd.h"
#include "summary/BinaryIndex.h"
#include "report/Suppressions.h"
#include "rules/Architecture.h"
#include "rules/Finding.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <unistd.h>

using namespace stallscan;
using json = nlohmann::json;

namespace {

//===--- Seeds written here -----------------------------------------------===//

const char *const ConfigSeed = R"({
  "$schema": "https://example.invalid/stallscan.schema.json",
  "comment": "every key of a config",
  "checks": ["-*", "stallscan-blocking-in-event-loop",
             "stallscan-serialised-hot-path", "stallscan-lock-held-*"],
  "check_options": {
    "stallscan-serialised-hot-path": {"min-statements": 3, "member-locks": "false"},
    "stallscan-blocking-in-event-loop": {"report-raw-socket-io": true},
    "stallscan-lock-held-while-blocking": {"report-unknown-fd-io": "true"}
  },
  "event_loop_functions": ["Srv::on*", "*::handleEvent"],
  "rare_functions": ["Srv::admin*"],
  "exclude": "third_party/*,*/generated/*",
  "severities": {"stallscan-blocking-in-event-loop": "error",
                 "stallscan-serialised-hot-path": "warning"},
  "catalog": {"blocking": [{"names": ["legacy::Db::query"], "kind": "db",
                            "alternative": "use Db::query_async"}]}
})";

const char *const CatalogSeed = R"({"catalog": {
  "comment": "every section and entry key",
  "blocking": [
    {"names": ["my_sleep", "app::*::pause"], "kind": "sleep", "alternative": "a timer",
     "min_args": 1, "unless_arg": {"index": 0, "names": ["ZERO"]},
     "unless_arg_type": {"index": -1, "types": ["ns::Status"]},
     "unless_arg_bits": {"index": 1, "mask": 4}, "only_if_null_arg": 2,
     "unless_zero_arg": 0, "comment": "conditions"},
    {"names": ["my_read"], "kind": "file", "only_if_file_fd": 0},
    {"names": ["my_recv"], "kind": "net", "raw_socket": true},
    {"names": ["*::Stub::*"], "kind": "rpc",
     "if_signature": {"params": ["rpc::Ctx *", "*&", "..."], "returns": ["rpc::Status"],
                      "class_derives": ["rpc::StubBase"]}}],
  "registrations": [{"names": ["app::Loop::defer"], "handlers": [0, -1], "library": "app",
                     "offload_if_arg_type": {"index": 0, "types": ["app::Pool"]}},
                    {"names": ["rt::bind"], "handlers": [1], "holds": "the runtime lock",
                     "name_arg": 0, "unless_any_arg_type": {"types": ["rt::nolock<*>"]}}],
  "offloads": [{"names": ["app::Workers::run"], "handlers": "all",
                "unless_arg": {"index": 0, "names": ["deferred"]}}],
  "loop_waits": [{"names": ["my_wait"]}],
  "loop_runners": [{"names": ["app::Loop::run"], "library": "app"}],
  "accepts": [{"names": ["my_accept"]}],
  "spawns": [{"names": ["my_spawn"]}],
  "file_openers": [{"names": ["my_open"]}],
  "forks": [{"names": ["my_fork"]}],
  "allocations": [{"names": ["my_alloc"]}],
  "async_clients": [{"names": ["my_async_query"], "kind": "db"}],
  "sync_callers": [{"names": ["app::Table::visit"]}],
  "handler_fields": [{"names": ["rt_method::fn"], "holds": "the runtime lock", "name_field": "name"}],
  "handler_overrides": [{"names": ["*::Service::*"], "library": "rpc", "offload": true,
                         "thread_pool_server": true, "if_signature": {"params": []},
                         "unless_overrider_in": ["*::WithAsyncMethod_*"]}],
  "locks": [{"names": ["my_lock"], "op": "acquire"},
            {"names": ["my_unlock"], "op": "release"},
            {"names": ["my_cv_wait"], "op": "cv-wait", "lock_arg": 1},
            {"names": ["rt_unlock"], "op": "release", "lock": "the runtime lock"},
            {"names": ["rt::Unlocked::Unlocked"], "op": "release-guard", "lock": "the runtime lock"}],
  "async_namespaces": {"namespaces": ["app::net"], "library": "app"}
}})";

const char *const CompileDbSeed = R"([
  {"directory": "/tmp", "file": "a.cpp",
   "arguments": ["clang++", "-std=c++17", "-Iinc", "-c", "a.cpp", "-o", "a.o"]},
  {"directory": "/tmp", "file": "/tmp/b.cpp",
   "command": "g++ -DX=1 -Werror -MD -MF b.d -c b.cpp", "output": "b.o"}
])";

const char *const BaselineSeed =
    R"({"tool": "stallscan", "version": 1, "findings": [
  {"fingerprint": "0123456789abcdef", "check": "stallscan-blocking-in-event-loop",
   "function": "Session::on_read", "api": "sleep"},
  {"fingerprint": "fedcba9876543210"}]})";

/// A unit with every kind of fact, reactor indices included.
TUSummary sampleUnit(const std::string &Main, const std::string &Prefix) {
  TUSummary S;
  S.MainFile = Main;
  std::string A = Prefix + "a", B = Prefix + "b", L = Prefix + "lambda";
  std::string Header = "/src/common.h";
  S.Functions = {
      {A, "Srv::run", {Main, 3, 1}, false, true, {}},
      {B, "Srv::on_read", {Main, 20, 1}, true, false, {"c:@base"}},
      {L, "lambda in Srv::run", {Main, 8, 12}, false, false, {}},
      {"c:@inline", "inline_helper", {Header, 4, 1}, false, false, {}}};
  S.Reactors = {{A, "epoll_wait", {Main, 5, 5}}, {A, "poll", {Main, 9, 5}}};
  HeldLockFact Held{"global:g_mu", "g_mu", {Main, 21, 3}, false};
  S.Calls = {{A, B, {Main, 6, 7}, false, false, 0, {}, {}},
             {A,
              "c:@inline",
              {Main, 10, 7},
              true,
              true,
              1,
              {Held},
              {{0, "global:g_mu", "g_mu"}}},
             {B, "c:@inline", {Main, 22, 3}, false, false, -1, {Held}, {}},
             {"c:@inline", B, {Header, 5, 3}, false, false, -1, {}, {}}};
  S.Blocking = {
      {B,
       "sleep",
       "sleep",
       "use a timer",
       {Main, 23, 3},
       false,
       "",
       -1,
       {Held},
       false},
      {A, "read", "file", "", {Main, 7, 3}, true, "fd:x", 0, {}, false},
      {"c:@inline",
       "fsync",
       "file",
       "",
       {Header, 6, 3},
       false,
       "",
       -1,
       {},
       false}};
  S.Roots = {{L, "uv_read_start", "libuv", A, {Main, 8, 12}}};
  S.EntryLocks = {{B, "global:@the Python GIL", "the Python GIL",
                   "pybind11::module_::def", "mymod.fetch", A, {Main, 9, 5}}};
  S.Offloads = {{A, B, "std::thread::thread", {Main, 11, 3}}};
  S.IndirectCalls = {{A, "field:Srv::cb", {Main, 12, 3}, 1}};
  S.AddressTaken = {{B, "field:Srv::cb"}};
  S.StoredParams = {{B, 1, "field:Srv::cb"}};
  S.Runners = {{A, "uv_run", "libuv", {Main, 13, 3}}};
  S.ThreadPerConnection = {{A, "accept", "std::thread::thread", {Main, 14, 3}}};
  S.ClientCalls = {{B, "PQexec", "db", false, {Main, 24, 3}}};
  S.Suspends = {{B, "co_await", {Main, 25, 3}, {Held}}};
  S.CriticalSections = {{B, Held, "pthread_mutex_lock", 9, 2, 1, 1, 1}};
  S.FileFds = {"fd:x"};
  S.CrashHandlers = {B};
  S.NoReturn = {B};
  S.Functions.back().Ends = true;
  S.Functions.back().EndsVia = {B};
  S.CriticalSections.front().Once = true;
  S.Offloads.front().AtExit = true;
  S.Blocking.front().OnceFlag = "seeded";
  {
    CallFact Exit{A, B, {Main, 15, 3}};
    Exit.Exit = true;
    S.Calls.push_back(Exit);
    HeldLockFact Private = Held;
    Private.Private = true;
    S.Calls.push_back({B, A, {Main, 26, 3}, false, false, -1, {Private}, {}});
    S.Calls.back().AfterLoop = true;
  }
  S.normalise();
  return S;
}

//===--- Mutations --------------------------------------------------------===//

/// A binary index of the units of the JSON index \p Doc (whatever they
/// hold), or of no units if it has none.
std::string binaryIndexOf(const json &Doc) {
  std::vector<json> Units;
  if (Doc.is_object() && Doc.contains("units") && Doc["units"].is_array())
    for (const json &U : Doc["units"])
      Units.push_back(U);
  std::string Config;
  if (Doc.is_object() && Doc.contains("config") && Doc["config"].is_string())
    Config = Doc["config"].get<std::string>();
  return encodeBinaryIndexTrees(Units, Config, "fuzz");
}

/// The same with stored results (StoredResults.h), as --write-index
/// writes them: the units linked and analysed, every check's findings.
std::string binaryIndexWithResults(const json &Doc) {
  SummarySet Set = readSummaryJson(Doc, "seed");
  std::vector<StoredUnit> Units = planStoredUnits(Set.Units, nullptr);
  std::string Index = binaryIndexOf(Doc);
  Program Prog = link(Set.Units);
  LoopReachability Loop = computeLoopReachability(Prog, {});
  EntryPoints Entries = computeEntryPoints(Prog, Loop);
  LockReachability Locks = computeLockReachability(Prog, &Entries);
  AnalysisInput In{Prog, Loop, Locks, Entries, {}};
  std::vector<std::string> Every;
  for (const CheckInfo &C : allChecks())
    Every.push_back(C.Id);
  std::string Results =
      encodeStoredResults(std::move(Units), runChecks(In, Every, ""),
                          analysisKey(nullptr, {}), Set.ConfigPath);
  attachBinaryIndexResults(Index, Results);
  return Index;
}

class Mutator {
public:
  explicit Mutator(uint64_t Seed) : Gen(Seed) {}

  size_t below(size_t N) { return N ? static_cast<size_t>(Gen() % N) : 0; }
  bool chance(unsigned Percent) { return below(100) < Percent; }

  /// A mutated copy of \p Seed; \p Under limits structural mutations to one
  /// subtree (a JSON pointer; "" is everything).
  std::string mutate(const json &Seed, const std::string &Under) {
    json J = Seed;
    Raw.clear();
    json &Root = Under.empty() ? J : J[json::json_pointer(Under)];
    unsigned Structural = 1 + below(3);
    for (unsigned I = 0; I < Structural; ++I)
      structural(Root);
    std::string Text = J.dump(chance(50) ? -1 : 1);
    for (size_t I = 0; I < Raw.size(); ++I) {
      std::string Token = json(sentinel(I)).dump();
      size_t At = Text.find(Token);
      if (At != std::string::npos)
        Text.replace(At, Token.size(), Raw[I]);
    }
    if (chance(25))
      textual(Text);
    return Text;
  }

  /// An index with stored results whose bytes are mutated, mostly in its
  /// results section.
  std::string mutateResults(const json &Seed) {
    std::string B = binaryIndexWithResults(Seed);
    uint64_t At = 0;
    std::memcpy(&At, &B[56], 8);
    unsigned Edits = 1 + below(4);
    for (unsigned I = 0; I < Edits && B.size() > At; ++I) {
      size_t Span = B.size() - At;
      switch (below(5)) {
      case 0:
        B[At + below(Span)] ^= static_cast<char>(1u << below(8));
        break;
      case 1: { // a 32- or 64-bit field: counts, offsets, lengths
        static const uint64_t Edge[] = {0, 1, 2, 0x7fffffffu, 0x80000000u,
                                        0xffffffffu, ~uint64_t(0), 64, 96};
        size_t Pos = At + (chance(50) ? 4 * below(24) : below(Span));
        uint64_t V = Edge[below(sizeof Edge / sizeof *Edge)];
        size_t W = chance(50) ? 4 : 8;
        if (Pos + W <= B.size())
          std::memcpy(&B[Pos], &V, W);
        break;
      }
      case 2:
        B.resize(At + below(Span));
        break;
      case 3:
        B.append(1 + below(16), static_cast<char>(below(256)));
        break;
      default:
        B[below(B.size())] = static_cast<char>(below(256));
        break;
      }
    }
    return B;
  }

  /// A binary index (BinaryIndex.h) of a mutated \p Seed, or of \p Seed
  /// with its bytes mutated: flipped, overwritten with edge values in the
  /// header, values and children, cut short or lengthened.
  std::string mutateBinary(const json &Seed) {
    if (chance(50)) {
      // Deep nesting is the JSON readers' business (their parser stops at
      // 256 levels); the binary form has no nesting of its own to test.
      std::string Text = mutate(Seed, "");
      if (nesting(Text) <= 64) {
        json J = json::parse(Text, nullptr, /*allow_exceptions=*/false);
        if (!J.is_discarded())
          return binaryIndexOf(J);
      }
    }
    std::string B = binaryIndexOf(Seed);
    unsigned Edits = 1 + below(4);
    for (unsigned I = 0; I < Edits && !B.empty(); ++I) {
      switch (below(5)) {
      case 0: // a bit
        B[below(B.size())] ^= static_cast<char>(1u << below(8));
        break;
      case 1: { // a 32-bit field, in the header or anywhere
        static const uint32_t Edge[] = {0, 1, 2, 0x7fffffffu, 0x80000000u,
                                        0xfffffffeu, 0xffffffffu, 255, 256};
        size_t At = chance(50) ? 4 * below(16) : below(B.size());
        uint32_t V = Edge[below(sizeof Edge / sizeof *Edge)];
        if (At + 4 <= B.size())
          std::memcpy(&B[At], &V, 4);
        break;
      }
      case 2: // cut short
        B.resize(below(B.size()));
        break;
      case 3: // bytes added
        B.append(1 + below(16), static_cast<char>(below(256)));
        break;
      default: // a byte anywhere
        B[below(B.size())] = static_cast<char>(below(256));
        break;
      }
    }
    return B;
  }

private:
  /// How deep the brackets of JSON text \p Text nest.
  static size_t nesting(const std::string &Text) {
    size_t Depth = 0, Max = 0;
    bool InString = false;
    for (size_t I = 0; I < Text.size(); ++I) {
      char C = Text[I];
      if (InString) {
        if (C == '\\')
          ++I;
        else if (C == '"')
          InString = false;
      } else if (C == '"') {
        InString = true;
      } else if (C == '[' || C == '{') {
        Max = std::max(Max, ++Depth);
      } else if ((C == ']' || C == '}') && Depth) {
        --Depth;
      }
    }
    return Max;
  }

  struct Node {
    json *Value;
    json *Parent;
  };

  static std::string sentinel(size_t I) {
    return "\x01S" + std::to_string(I) + "\x01";
  }
  /// Text spliced in after dumping, for what a json value cannot hold.
  json raw(std::string Text) {
    Raw.push_back(std::move(Text));
    return sentinel(Raw.size() - 1);
  }

  void collect(json &Root, std::vector<Node> &Out) {
    std::vector<Node> Todo{{&Root, nullptr}};
    while (!Todo.empty()) {
      Node N = Todo.back();
      Todo.pop_back();
      Out.push_back(N);
      if (N.Value->is_structured())
        for (auto &Child : *N.Value)
          Todo.push_back({&Child, N.Value});
    }
  }

  json interestingNumber() {
    static const char *const Texts[] = {"-1",
                                        "-2",
                                        "0",
                                        "1",
                                        "2",
                                        "3",
                                        "7",
                                        "255",
                                        "256",
                                        "65535",
                                        "2147483647",
                                        "2147483648",
                                        "4294967295",
                                        "4294967296",
                                        "-2147483649",
                                        "9223372036854775807",
                                        "18446744073709551615",
                                        "18446744073709551616",
                                        "-9223372036854775808",
                                        "-9223372036854775809",
                                        "1e300",
                                        "-1e300",
                                        "0.5",
                                        "1e999",
                                        "-1e999",
                                        "1e-999",
                                        "1E400",
                                        "-0"};
    return raw(Texts[below(std::size(Texts))]);
  }

  json otherValue() {
    switch (below(10)) {
    case 0:
      return nullptr;
    case 1:
      return true;
    case 2:
      return false;
    case 3:
      return "x";
    case 4:
      return "";
    case 5:
      return json::array();
    case 6:
      return json::object();
    case 7:
      return json::array({1, "a", nullptr});
    case 8:
      return json::object({{"index", 0}, {"names", {"x"}}});
    default:
      return interestingNumber();
    }
  }

  std::string deep() {
    size_t Depth = chance(90) ? 200 + below(200) : 100000;
    if (chance(50))
      return std::string(Depth, '[') + std::string(Depth, ']');
    std::string Out;
    for (size_t I = 0; I < Depth; ++I)
      Out += "{\"a\":";
    Out += "1";
    return Out + std::string(Depth, '}');
  }

  void structural(json &Root) {
    std::vector<Node> Nodes;
    collect(Root, Nodes);
    Node N = Nodes[below(Nodes.size())];
    json &V = *N.Value;
    switch (below(12)) {
    case 0: // type swap
      V = otherValue();
      break;
    case 1:
    case 2: { // numbers: prefer an existing number
      std::vector<Node> Numbers;
      for (const Node &M : Nodes)
        if (M.Value->is_number())
          Numbers.push_back(M);
      (Numbers.empty() ? V : *Numbers[below(Numbers.size())].Value) =
          interestingNumber();
      break;
    }
    case 3: // remove a member or an element
      if (V.is_object() && !V.empty()) {
        auto It = V.begin();
        std::advance(It, below(V.size()));
        V.erase(It);
      } else if (V.is_array() && !V.empty()) {
        V.erase(V.begin() + below(V.size()));
      }
      break;
    case 4: // duplicate a key
      if (V.is_object() && !V.empty()) {
        auto It = V.begin();
        std::advance(It, below(V.size()));
        json Copy = chance(50) ? It.value() : otherValue();
        std::string Key = It.key();
        V[raw(json(Key).dump()).get<std::string>()] = std::move(Copy);
      }
      break;
    case 5: // deep nesting
      V = raw(deep());
      break;
    case 6: // unknown key
      if (V.is_object())
        V["unknown_key"] = 1;
      break;
    case 7: // duplicate or swap array elements
      if (V.is_array() && !V.empty()) {
        size_t I = below(V.size()), K = below(V.size());
        if (chance(50))
          V.push_back(V[I]);
        else
          std::swap(V[I], V[K]);
      }
      break;
    case 8: { // a string from elsewhere in the document (ids, files)
      std::vector<Node> Strings;
      for (const Node &M : Nodes)
        if (M.Value->is_string())
          Strings.push_back(M);
      if (Strings.size() >= 2)
        *Strings[below(Strings.size())].Value =
            *Strings[below(Strings.size())].Value;
      break;
    }
    case 9: // an element one past the end of its array as an index
      if (V.is_number_integer() && N.Parent)
        V = static_cast<int64_t>(N.Parent->size());
      else
        V = otherValue();
      break;
    case 10: // empty container
      if (V.is_array())
        V = json::array();
      else if (V.is_object())
        V = json::object();
      break;
    default: // a huge string
      if (V.is_string())
        V = std::string(1000 + below(5000), 'x');
      break;
    }
  }

  void textual(std::string &Text) {
    if (Text.empty())
      return;
    static const char *const Tokens[] = {"{",  "}",    "[",     "]",  "\"",
                                         ",",  ":",    "1e999", "-",  "null",
                                         "\\", "\xff", "/*",    "//", "\x00"};
    size_t At = below(Text.size());
    switch (below(4)) {
    case 0:
      Text[At] = static_cast<char>(below(256));
      break;
    case 1:
      Text.resize(At);
      break;
    case 2: {
      const char *T = Tokens[below(std::size(Tokens))];
      Text.insert(At, T, std::max<size_t>(1, std::strlen(T)));
      break;
    }
    default:
      Text.erase(At, 1 + below(16));
      break;
    }
  }

  std::mt19937_64 Gen;
  std::vector<std::string> Raw;
};

//===--- Running one case -------------------------------------------------===//

char CrashNote[512];

void noteCase(const std::string &Kind, unsigned Case, const std::string &File) {
  std::snprintf(CrashNote, sizeof(CrashNote),
                "stallscan-fuzz-readers: crashed in %s case %u; input kept "
                "in %s\n",
                Kind.c_str(), Case, File.c_str());
}

void analyse(const std::vector<TUSummary> &Units) {
  Program Prog = link(Units);
  LoopOptions Opts;
  Opts.EventLoopFunctions = {"*::on_*"};
  LoopReachability Loop = computeLoopReachability(Prog, Opts);
  LockReachability Locks = computeLockReachability(Prog);
  EntryPoints Entries = computeEntryPoints(Prog, Loop);
  AnalysisInput In{Prog, Loop, Locks, Entries, {}};
  std::vector<std::string> Enabled, Mains;
  for (const CheckInfo &C : allChecks())
    Enabled.push_back(C.Id);
  for (const TUSummary &U : Units)
    if (!U.MainFile.empty())
      Mains.push_back(U.MainFile);
  runChecks(In, Enabled, "/");
  classifyArchitecture(Prog, Loop, Entries);
  classifyComponents(Prog, Loop, Entries, Mains);
}

/// What the tool does with a file of this kind. Returns true when it was
/// accepted; ConfigError (a rejection) propagates.
bool runCase(const std::string &Kind, const std::string &Path) {
  if (Kind == "config" || Kind == "catalog") {
    Config C = loadConfig(Path);
    Catalog Cat;
    Cat.merge(C.Catalog, C.Path + ": catalog");
    selectChecks(C.Checks);
    return true;
  }
  if (Kind == "compiledb") {
    for (const CompileJob &Job : loadCompileDatabase(Path))
      sanitizeCommand(Job.Args, false);
    return true;
  }
  if (Kind == "baseline") {
    loadBaseline(Path);
    return true;
  }
  if (Kind == "summary" || Kind == "index" || Kind == "binary-index") {
    SummarySet Set = readSummarySet(Path);
    analyse(Set.Units);
    // The --write-index path and the per-TU front ends' path (plugin,
    // clang-tidy module, clangd) over the same units.
    shareHeaderFacts(Set.Units);
    if (!Set.Units.empty()) {
      TUSummary Fresh = Set.Units.front();
      PreparedIndex Index(std::move(Set));
      MergedUnits Merged = mergeWithIndex(Fresh, &Index);
      Program Full = link(Merged.Units, /*AlreadySplit=*/true);
      // clangd's incremental link (LinkedBase) must give the same program
      // whenever it does not refuse. (Checked on the JSON index's cases: a
      // binary index reads into the same units; its cases test the reader.)
      if (Kind == "binary-index")
        return true;
      LinkedBase Base(std::vector<const TUSummary *>(Merged.Units.begin() + 1,
                                                     Merged.Units.end()));
      if (auto Inc = Base.withUnit(*Merged.Units.front()))
        if (std::string D = programDifference(Full, *Inc); !D.empty())
          throw std::logic_error("incremental link differs: " + D);
    }
    return true;
  }
  if (Kind == "stored-results") {
    // What a front end does: the section's header, then each unit's lookup
    // with a TU like the one indexed, all of whose files it read; the index
    // itself is read only when the results refuse.
    try {
      auto M = mapStoredResults(Path);
      const StoredResults &R = resultsOf(*M);
      std::vector<std::string> Every;
      for (const CheckInfo &C : allChecks())
        Every.push_back(C.Id);
      size_t Served = 0;
      for (const char *Main : {"/src/a.cpp", "/src/b.cpp"}) {
        TUSummary Fresh = sampleUnit(Main, std::string("c:@") + Main[5] + ":");
        std::string Why;
        if (R.findingsFor(Fresh, R.key(), Every,
                          [](const std::string &) { return true; }, Why))
          ++Served;
      }
      return Served > 0;
    } catch (const StoredResultsError &) {
      readSummarySet(Path); // the full load's reader: ConfigError or fine
      return false;
    }
  }
  if (Kind == "cache") {
    TUSummary S;
    if (!readCacheEntry(Path, S))
      return false;
    analyse({S});
    return true;
  }
  throw std::logic_error("unknown kind " + Kind);
}

struct Seed {
  std::string Kind;
  json Doc;
  std::string Under; ///< subtree to mutate
};

std::string readFile(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf) {
    llvm::errs() << "stallscan-fuzz-readers: cannot read " << Path << "\n";
    std::exit(2);
  }
  return (*Buf)->getBuffer().str();
}

void writeFile(const std::string &Path, const std::string &Text) {
  // A new file each time: truncating one with data makes ext4 flush it to
  // disk on close (auto_da_alloc), which would dominate the run.
  std::remove(Path.c_str());
  std::ofstream OS(Path, std::ios::binary | std::ios::trunc);
  OS << Text;
}

/// Seeds from a file, or from every *.json in a folder (a cache). An
/// index also gives one summary file seed per unit.
void addSeeds(const std::string &Kind, const std::string &Path,
              std::vector<Seed> &Seeds) {
  std::vector<std::string> Files;
  if (llvm::sys::fs::is_directory(Path)) {
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Path, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(".json"))
        Files.push_back(It->path());
    std::sort(Files.begin(), Files.end());
  } else {
    Files.push_back(Path);
  }
  for (const std::string &F : Files) {
    json J = json::parse(readFile(F));
    if (Kind == "index")
      for (const json &Unit : J.at("units"))
        Seeds.push_back({"summary",
                         {{"stallscan", "summary"},
                          {"version", J["version"]},
                          {"tool", J["tool"]},
                          {"summary", Unit}},
                         ""});
    if (Kind == "index")
      Seeds.push_back({"binary-index", J, ""});
    Seeds.push_back({Kind, std::move(J), Kind == "catalog" ? "/catalog" : ""});
  }
}

} // namespace

/// A case that runs this long hangs (each takes well under a millisecond).
constexpr unsigned HangSeconds = 30;

void onHang(int) {
  static const char Hung[] = "stallscan-fuzz-readers: hangs: ";
  ssize_t Ignored = ::write(2, Hung, sizeof(Hung) - 1);
  Ignored = ::write(2, CrashNote, std::strlen(CrashNote));
  (void)Ignored;
  _exit(1);
}

int main(int argc, char **argv) {
  llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
  std::signal(SIGALRM, onHang);
  llvm::sys::AddSignalHandler(
      [](void *) {
        ssize_t Ignored = ::write(2, CrashNote, std::strlen(CrashNote));
        (void)Ignored;
      },
      nullptr);
  unsigned Cases = 10000;
  uint64_t RandomSeed = 1;
  std::string Work, Only;
  std::vector<Seed> Seeds;
  for (int I = 1; I < argc; ++I) {
    std::string A = argv[I];
    if (A.rfind("--cases=", 0) == 0)
      Cases = std::stoul(A.substr(8));
    else if (A.rfind("--seed=", 0) == 0)
      RandomSeed = std::stoull(A.substr(7));
    else if (A.rfind("--work=", 0) == 0)
      Work = A.substr(7);
    else if (A.rfind("--only=", 0) == 0)
      Only = A.substr(7);
    else if (size_t Eq = A.find('='); Eq != std::string::npos)
      addSeeds(A.substr(0, Eq), A.substr(Eq + 1), Seeds);
    else {
      llvm::errs() << "usage: stallscan-fuzz-readers [--cases=N] [--seed=S] "
                      "--work=DIR [KIND=FILE...]\n";
      return 2;
    }
  }
  if (Work.empty()) {
    llvm::errs() << "stallscan-fuzz-readers: --work=DIR is required\n";
    return 2;
  }
  llvm::sys::fs::create_directories(Work);

  // The built-in seeds.
  Seeds.push_back({"config", json::parse(ConfigSeed, nullptr, true, true), ""});
  Seeds.push_back({"catalog", json::parse(CatalogSeed), "/catalog"});
  Seeds.push_back({"compiledb", json::parse(CompileDbSeed), ""});
  Seeds.push_back({"baseline", json::parse(BaselineSeed), ""});
  TUSummary One = sampleUnit("/src/a.cpp", "c:@a:");
  writeSummaryFile(Work + "/seed-summary.json", One);
  Seeds.push_back(
      {"summary", json::parse(readFile(Work + "/seed-summary.json")), ""});
  writeIndex(Work + "/seed-index.json",
             {One, sampleUnit("/src/b.cpp", "c:@b:")}, "/src/.stallscan.json",
             IndexFormat::Json);
  Seeds.push_back(
      {"index", json::parse(readFile(Work + "/seed-index.json")), ""});
  Seeds.push_back({"binary-index", Seeds.back().Doc, ""});
  // One unit, as its TU gives it (header facts not shared): a front end
  // with that TU is served from the stored results.
  json WithResults = Seeds.back().Doc;
  WithResults["units"] = json::array({json(One)});
  Seeds.push_back({"stored-results", WithResults, ""});
  // A cache entry whose one dependency exists and is unchanged.
  std::string Dep = Work + "/dep.h";
  writeFile(Dep, "int dep;\n");
  llvm::sys::fs::file_status St;
  llvm::sys::fs::status(Dep, St);
  // As Cache.cpp writes it: nanosecond mtimes, the parse time, the include
  // paths that were looked up and did not exist.
  int64_t MTimeNs = nanoseconds(St.getLastModificationTime());
  json Cache = {
      {"parsed_at", MTimeNs + 10'000'000'000LL},
      {"deps",
       {{Dep, St.getSize(), MTimeNs,
         llvm::xxh3_64bits(llvm::StringRef("int dep;\n"))}}},
      {"absent", {Work + "/no-such-header.h"}},
      {"summary", One}};
  Seeds.push_back({"cache", Cache, ""});

  // Every seed must be accepted as it is, or the fuzz proves nothing.
  std::map<std::string, std::vector<const Seed *>> ByKind;
  for (const Seed &S : Seeds) {
    std::string Path = Work + "/seed." + S.Kind + ".json";
    writeFile(Path, S.Kind == "binary-index"     ? binaryIndexOf(S.Doc)
                    : S.Kind == "stored-results" ? binaryIndexWithResults(S.Doc)
                                                 : S.Doc.dump(1));
    noteCase(S.Kind, 0, Path);
    try {
      if (!runCase(S.Kind, Path)) {
        llvm::errs() << "FAIL: " << S.Kind << " seed is not accepted\n";
        return 1;
      }
    } catch (const ConfigError &E) {
      llvm::errs() << "FAIL: " << S.Kind << " seed is rejected: " << E.what()
                   << "\n";
      return 1;
    }
    ByKind[S.Kind].push_back(&S);
  }

  Mutator Shared(RandomSeed);
  int Failures = 0;
  for (const auto &[Kind, KindSeeds] : ByKind) {
    if (!Only.empty() && Kind != Only)
      continue;
    Mutator &M = Shared;
    int KindFailures = 0;
    std::string Path = Work + "/case." + Kind + ".json";
    unsigned Accepted = 0, Rejected = 0;
    for (unsigned Case = 1; Case <= Cases; ++Case) {
      const Seed &S = *KindSeeds[Case % KindSeeds.size()];
      writeFile(Path, S.Kind == "binary-index"     ? M.mutateBinary(S.Doc)
                      : S.Kind == "stored-results" ? M.mutateResults(S.Doc)
                                                   : M.mutate(S.Doc, S.Under));
      noteCase(Kind, Case, Path);
      alarm(HangSeconds);
      try {
        (runCase(Kind, Path) ? Accepted : Rejected)++;
      } catch (const ConfigError &) {
        ++Rejected;
      } catch (const std::exception &E) {
        std::string Kept =
            Work + "/failed." + Kind + "." + std::to_string(Case) + ".json";
        llvm::sys::fs::copy_file(Path, Kept);
        llvm::errs() << "FAIL: " << Kind << " case " << Case
                     << ": an exception other than ConfigError: " << E.what()
                     << " (input kept in " << Kept << ")\n";
        ++Failures;
        if (++KindFailures >= 3)
          break; // enough to show; on to the next reader
      }
    }
    llvm::outs() << Kind << ": " << Cases << " cases, " << Accepted
                 << " accepted, " << Rejected << " rejected\n";
    if (!KindFailures && (!Accepted || !Rejected)) {
      llvm::errs() << "FAIL: " << Kind
                   << ": the mutations never (or always) give valid input\n";
      ++Failures;
    }
  }
  alarm(0);
  std::snprintf(CrashNote, sizeof(CrashNote), "%s", "");
  return Failures ? 1 : 0;
}
