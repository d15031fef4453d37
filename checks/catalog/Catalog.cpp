//===--- Catalog.cpp - API knowledge as data ------------------------------===//
//
// Loads catalog documents into name-indexed tables. Names are the qualified
// names the extractor computes (namespaces and classes without template
// arguments or inline namespaces: "std::future::get"). Entries whose names
// contain '*' are globs, tried after exact matches; they exist for shapes like
// "*ThreadPool::submit" that no exact table can list.
//
//===----------------------------------------------------------------------===//
#include "catalog/Catalog.h"

#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace stallscan {

namespace {
/// {file name without extension, text} per catalog file (embed.cmake).
const std::pair<const char *, const char *> BuiltinDocs[] = {
#include "CatalogData.inc"
};

struct SectionKey {
  const char *Key;
  Section Sect;
};
const SectionKey SectionKeys[] = {
    {"blocking", Section::Blocking},
    {"registrations", Section::Registration},
    {"offloads", Section::Offload},
    {"loop_waits", Section::LoopWait},
    {"loop_runners", Section::LoopRunner},
    {"accepts", Section::Accept},
    {"spawns", Section::Spawn},
    {"locks", Section::Lock},
    {"file_openers", Section::FileOpener},
    {"forks", Section::Fork},
    {"allocations", Section::Allocation},
    {"async_clients", Section::AsyncClient},
    {"sync_callers", Section::SyncCaller},
    {"handler_fields", Section::HandlerField},
    {"handler_overrides", Section::HandlerOverride},
    {"nonblocking_fds", Section::NonBlocking},
    {"thread_pool_servers", Section::ThreadPoolServer},
    {"entry_functions", Section::EntryFunction},
    {"thread_movers", Section::ThreadMover},
    {"loop_stoppers", Section::LoopStopper},
};

[[noreturn]] void schemaError(const std::string &Where,
                              const std::string &What) {
  throw std::runtime_error(Where + ": " + What);
}

constexpr int MaxArgIndex = 255;

ArgIndex argIndex(const nlohmann::json &J, const std::string &Where) {
  if (!J.is_number_integer() || J.get<int64_t>() < -MaxArgIndex - 1 ||
      J.get<int64_t>() > MaxArgIndex)
    schemaError(Where, "expected an argument index (an integer from " +
                           std::to_string(-MaxArgIndex - 1) + " to " +
                           std::to_string(MaxArgIndex) + ")");
  return static_cast<ArgIndex>(J.get<int64_t>());
}

/// The keys an entry of each section may have besides "names" and
/// "comment": a key the extractor would not read is an error, not a no-op.
const char *const *sectionKeys(Section S) {
  static const char *const Blocking[] = {"kind",
                                         "alternative",
                                         "allowed_in",
                                         "raw_socket",
                                         "min_args",
                                         "unless_arg",
                                         "only_if_null_arg",
                                         "only_if_file_fd",
                                         "unless_pseudo_stream",
                                         "unless_zero_arg",
                                         "unless_arg_type",
                                         "unless_arg_bits",
                                         "unless_arg_member_of",
                                         "unless_object_ready",
                                         "fd_arg",
                                         "if_signature",
                                         nullptr};
  static const char *const Registration[] = {
      "handlers", "library", "offload_if_arg_type", "offload_if_moved",
      "offload_if_object_from",
      "holds", "name_arg", "unless_any_arg_type", "if_signature",
      "if_handler_signature", "idle", "timer", "timer_if_fd_arg", nullptr};
  static const char *const Offload[] = {"handlers", "unless_arg", "thread",
                                        "resumes", "at_exit", "if_signature",
                                        "if_handler_signature", nullptr};
  static const char *const NonBlocking[] = {"fd_arg", "if_arg_bits",
                                            "if_arg_value", nullptr};
  static const char *const Runner[] = {"library", "if_signature", nullptr};
  static const char *const Entry[] = {"library", nullptr};
  static const char *const Lock[] = {"op", "lock_arg", "lock", nullptr};
  static const char *const Client[] = {"kind", "if_signature", nullptr};
  static const char *const Field[] = {"library", "offload", "holds",
                                      "name_field", "if_handler_signature",
                                      nullptr};
  static const char *const Override[] = {
      "library",      "offload",           "thread_pool_server",
      "if_signature", "unless_overrider_in", nullptr};
  static const char *const FileOpener[] = {"unless_arg", nullptr};
  static const char *const LoopWait[] = {"unless_zero_arg", "fd_count_arg",
                                         nullptr};
  static const char *const None[] = {nullptr};
  switch (S) {
  case Section::Blocking:
    return Blocking;
  case Section::Registration:
    return Registration;
  case Section::Offload:
    return Offload;
  case Section::LoopRunner:
  case Section::ThreadPoolServer:
    return Runner;
  case Section::EntryFunction:
    return Entry;
  case Section::Lock:
    return Lock;
  case Section::AsyncClient:
    return Client;
  case Section::HandlerField:
    return Field;
  case Section::HandlerOverride:
    return Override;
  case Section::NonBlocking:
    return NonBlocking;
  case Section::FileOpener:
    return FileOpener;
  case Section::LoopWait:
    return LoopWait;
  default:
    return None;
  }
}

const char *const BlockingKinds[] = {
    "sleep", "file",    "net",       "dns",         "db",
    "http",  "rpc",     "process",   "sync-wait",   "nested-loop", nullptr};
const char *const ClientKinds[] = {"db", "http", "rpc", nullptr};
const char *const LockOps[] = {
    "acquire",      "acquire-shared", "release",         "try",
    "try-shared",   "try-zero",       "try-zero-shared", "guard",
    "guard-shared", "guard-lock",     "guard-unlock",    "guard-release",
    "guard-try",    "guard-test",     "lock-all",        "cv-wait",
    "returns-guard", "returns-guard-shared", "release-guard", "signal", nullptr};

bool oneOf(const std::string &S, const char *const *List) {
  for (; *List; ++List)
    if (S == *List)
      return true;
  return false;
}

std::string joined(const char *const *List) {
  std::string Out;
  for (; *List; ++List)
    Out += std::string(Out.empty() ? "" : ", ") + *List;
  return Out;
}

std::vector<std::string> stringList(const nlohmann::json &J,
                                    const std::string &Where) {
  if (!J.is_array())
    schemaError(Where, "expected an array of strings");
  std::vector<std::string> Out;
  for (size_t I = 0; I < J.size(); ++I) {
    if (!J[I].is_string() || J[I].get<std::string>().empty())
      schemaError(Where + "[" + std::to_string(I) + "]",
                  "expected a non-empty string");
    Out.push_back(J[I].get<std::string>());
  }
  return Out;
}
/// {"params": [globs, "..."], "returns": [globs], "class_derives": [globs]},
/// at least one of them; "..." only last among the params.
SignatureCondition signatureCondition(const nlohmann::json &C,
                                      const std::string &Where) {
  static const char *const Keys[] = {"params", "returns", "class_derives",
                                     nullptr};
  if (!C.is_object() || C.empty())
    schemaError(Where, "expected {\"params\": [...], \"returns\": [...], "
                       "\"class_derives\": [...]} with at least one of them");
  for (auto It = C.begin(); It != C.end(); ++It)
    if (!oneOf(It.key(), Keys))
      schemaError(Where, "unknown key '" + It.key() + "' (expected " +
                             joined(Keys) + ")");
  SignatureCondition S;
  if (C.contains("params")) {
    // An empty list is a function without parameters.
    if (!C["params"].is_array())
      schemaError(Where + ".params", "expected an array of strings");
    S.HasParams = true;
    if (!C["params"].empty())
      S.Params = stringList(C["params"], Where + ".params");
    for (size_t I = 0; I < S.Params.size(); ++I)
      if (S.Params[I] == "..." && I + 1 != S.Params.size())
        schemaError(Where + ".params[" + std::to_string(I) + "]",
                    "\"...\" (any further parameters) comes last");
    if (!S.Params.empty() && S.Params.back() == "...") {
      S.AnyMoreParams = true;
      S.Params.pop_back();
    }
  }
  auto NonEmpty = [&](const char *K, std::vector<std::string> &Out) {
    if (!C.contains(K))
      return;
    Out = stringList(C[K], Where + "." + K);
    if (Out.empty())
      schemaError(Where + "." + K, "expected a non-empty array of strings");
  };
  NonEmpty("returns", S.Returns);
  NonEmpty("class_derives", S.ClassDerives);
  return S;
}
} // namespace

bool globMatch(const std::string &P, const std::string &T) {
  size_t Pi = 0, Ti = 0, Star = std::string::npos, Mark = 0;
  while (Ti < T.size()) {
    if (Pi < P.size() && (P[Pi] == '?' || P[Pi] == T[Ti])) {
      ++Pi;
      ++Ti;
    } else if (Pi < P.size() && P[Pi] == '*') {
      Star = Pi++;
      Mark = Ti;
    } else if (Star != std::string::npos) {
      Pi = Star + 1;
      Ti = ++Mark;
    } else {
      return false;
    }
  }
  while (Pi < P.size() && P[Pi] == '*')
    ++Pi;
  return Pi == P.size();
}

Catalog::Catalog() = default;
Catalog::~Catalog() = default;
Catalog::Catalog(Catalog &&) = default;
Catalog &Catalog::operator=(Catalog &&) = default;

static Catalog makeBuiltin() {
  Catalog C;
  for (const auto &[Name, Doc] : BuiltinDocs)
    C.merge(nlohmann::json::parse(Doc), std::string(Name) + ".json");
  return C;
}

const Catalog &Catalog::builtin() {
  static const Catalog C = makeBuiltin();
  return C;
}

Catalog Catalog::builtinCopy() { return makeBuiltin(); }

void Catalog::addEntry(Section S, const nlohmann::json &E,
                       const std::string &Where) {
  if (!E.is_object())
    schemaError(Where, "expected an object");
  auto Entry = std::make_unique<CatalogEntry>();
  Entry->Sect = S;
  const char *const *Allowed = sectionKeys(S);
  for (auto It = E.begin(); It != E.end(); ++It)
    if (It.key() != "names" && It.key() != "comment" &&
        !oneOf(It.key(), Allowed))
      schemaError(Where, "unknown key '" + It.key() + "'" +
                             (*Allowed ? " (expected names, comment, " +
                                             joined(Allowed) + ")"
                                       : " (expected names, comment)"));
  if (!E.contains("names"))
    schemaError(Where, "missing 'names'");
  auto Names = stringList(E["names"], Where + ".names");
  auto Str = [&](const char *K) -> std::string {
    if (!E.contains(K))
      return {};
    if (!E[K].is_string())
      schemaError(Where + "." + K, "expected a string");
    return E[K].get<std::string>();
  };
  if (E.contains("comment") && !E["comment"].is_string())
    schemaError(Where + ".comment", "expected a string");
  Entry->Kind = S == Section::Lock ? Str("op") : Str("kind");
  Entry->Alternative = Str("alternative");
  if (E.contains("allowed_in"))
    Entry->AllowedIn = stringList(E["allowed_in"], Where + ".allowed_in");
  Entry->Library = Str("library");
  if (S == Section::Blocking && Entry->Kind.empty())
    schemaError(Where, "a blocking entry needs a 'kind'");
  if (S == Section::Blocking && !oneOf(Entry->Kind, BlockingKinds))
    schemaError(Where + ".kind", "unknown kind '" + Entry->Kind +
                                     "' (expected " + joined(BlockingKinds) +
                                     ")");
  if (S == Section::AsyncClient && !oneOf(Entry->Kind, ClientKinds))
    schemaError(Where + ".kind", "an async client's kind is " +
                                     joined(ClientKinds) + ", not '" +
                                     Entry->Kind + "'");
  if (S == Section::Lock && Entry->Kind.empty())
    schemaError(Where, "a lock entry needs an 'op'");
  if (S == Section::Lock && !oneOf(Entry->Kind, LockOps))
    schemaError(Where + ".op", "unknown lock op '" + Entry->Kind +
                                   "' (expected " + joined(LockOps) + ")");
  if (S == Section::Lock && E.contains("lock_arg") && Entry->Kind != "cv-wait")
    schemaError(Where + ".lock_arg", "only a cv-wait entry has a lock_arg");
  // A lock the entry names itself, not one of the call's arguments: a
  // runtime's lock (the Python GIL), which no argument of its API names.
  Entry->NamedLock = Str("lock");
  if (S == Section::Lock && Entry->Kind == "release-guard" &&
      Entry->NamedLock.empty())
    schemaError(Where, "a release-guard entry needs a 'lock'");
  Entry->Holds = Str("holds");
  Entry->NameField = Str("name_field");
  if (S == Section::HandlerField && !Entry->NameField.empty() &&
      Entry->Holds.empty())
    schemaError(Where + ".name_field", "only an entry that 'holds' a lock "
                                       "names what it exports");
  auto Flag = [&](const char *K, bool &Out) {
    if (!E.contains(K))
      return;
    if (!E[K].is_boolean())
      schemaError(Where + "." + K, "expected true or false");
    Out = E[K].get<bool>();
  };
  Flag("raw_socket", Entry->RawSocket);
  Flag("offload", Entry->Offload);
  Flag("thread", Entry->Thread);
  Flag("resumes", Entry->Resumes);
  Flag("at_exit", Entry->AtExit);
  Flag("idle", Entry->Idle);
  Flag("timer", Entry->Timer);
  Flag("thread_pool_server", Entry->ThreadPoolServer);
  if (Entry->ThreadPoolServer && !Entry->Offload)
    schemaError(Where + ".thread_pool_server",
                "only an override that runs off the loop (\"offload\": true) "
                "runs on a server's pool thread");
  if (E.contains("unless_overrider_in")) {
    Entry->UnlessOverriderIn =
        stringList(E["unless_overrider_in"], Where + ".unless_overrider_in");
    if (Entry->UnlessOverriderIn.empty())
      schemaError(Where + ".unless_overrider_in",
                  "expected a non-empty array of strings");
  }
  if (E.contains("if_signature"))
    Entry->IfSignature = signatureCondition(E["if_signature"],
                                            Where + ".if_signature");
  // The callback's own parameter and return types; a callback has no class
  // to derive from (a lambda's is unnamed, a function's may have none).
  if (E.contains("if_handler_signature")) {
    Entry->IfHandlerSignature = signatureCondition(
        E["if_handler_signature"], Where + ".if_handler_signature");
    if (!Entry->IfHandlerSignature->ClassDerives.empty())
      schemaError(Where + ".if_handler_signature.class_derives",
                  "a callback's signature has only 'params' and 'returns'");
  }
  if (E.contains("fd_arg")) {
    if (S == Section::NonBlocking && E["fd_arg"].is_string() &&
        E["fd_arg"].get<std::string>() == "result")
      Entry->FdIsResult = true;
    else
      Entry->FdArg = argIndex(E["fd_arg"], Where + ".fd_arg");
  } else if (S == Section::NonBlocking) {
    schemaError(Where, "missing 'fd_arg' (an argument index or \"result\")");
  }
  if (E.contains("handlers")) {
    const auto &H = E["handlers"];
    if (H.is_string() && H.get<std::string>() == "all")
      Entry->AllHandlers = true;
    else if (H.is_array())
      for (size_t I = 0; I < H.size(); ++I)
        Entry->Handlers.push_back(
            argIndex(H[I], Where + ".handlers[" + std::to_string(I) + "]"));
    else
      schemaError(Where + ".handlers",
                  "expected \"all\" or an array of indices");
  } else if (S == Section::Registration || S == Section::Offload) {
    schemaError(Where, "missing 'handlers'");
  }
  if (E.contains("offload_if_moved")) {
    const auto &M = E["offload_if_moved"];
    if (!M.is_array() || M.empty())
      schemaError(Where + ".offload_if_moved",
                  "expected a non-empty array of indices");
    for (size_t I = 0; I < M.size(); ++I)
      Entry->OffloadIfMoved.push_back(argIndex(
          M[I], Where + ".offload_if_moved[" + std::to_string(I) + "]"));
  }
  if (E.contains("offload_if_object_from"))
    Entry->OffloadIfObjectFrom = stringList(E["offload_if_object_from"],
                                            Where + ".offload_if_object_from");
  if (E.contains("min_args")) {
    if (!E["min_args"].is_number_unsigned() ||
        E["min_args"].get<uint64_t>() > MaxArgIndex + 1)
      schemaError(Where + ".min_args", "expected an integer from 0 to " +
                                           std::to_string(MaxArgIndex + 1));
    Entry->MinArgs = E["min_args"].get<unsigned>();
  }
  auto Cond = [&](const char *K, const char *ListKey, auto &Out) {
    if (!E.contains(K))
      return;
    const auto &C = E[K];
    std::string W = Where + "." + K;
    if (!C.is_object() || !C.contains("index") || !C.contains(ListKey) ||
        C.size() != 2)
      schemaError(W, std::string("expected {\"index\": N, \"") + ListKey +
                         "\": [...]}");
    Out.emplace();
    Out->Index = argIndex(C["index"], W + ".index");
    if constexpr (std::is_same_v<std::decay_t<decltype(*Out)>,
                                 ArgNameCondition>)
      Out->Names = stringList(C[ListKey], W + "." + ListKey);
    else
      Out->Types = stringList(C[ListKey], W + "." + ListKey);
  };
  Cond("unless_arg", "names", Entry->UnlessArg);
  // Paths the catalog exempts ("/proc/*", "/dev/null"): a call site passing
  // one to a function's path parameter says so (CallFact::Args "n").
  if (Entry->UnlessArg)
    for (const std::string &N : Entry->UnlessArg->Names)
      if (!N.empty() && N[0] == '/' &&
          std::find(PseudoPaths.begin(), PseudoPaths.end(), N) ==
              PseudoPaths.end())
        PseudoPaths.push_back(N);
  Cond("offload_if_arg_type", "types", Entry->OffloadIfArgType);
  Cond("unless_arg_type", "types", Entry->UnlessArgType);
  Cond("unless_arg_member_of", "types", Entry->UnlessArgMemberOf);
  auto Bits = [&](const char *K, const char *MaskKey,
                  std::optional<ArgBitsCondition> &Out) {
    if (!E.contains(K))
      return;
    const auto &C = E[K];
    std::string W = Where + "." + K;
    if (!C.is_object() || !C.contains("index") || !C.contains(MaskKey) ||
        !C[MaskKey].is_number_unsigned() || C.size() != 2)
      schemaError(W, std::string("expected {\"index\": N, \"") + MaskKey +
                         "\": M}");
    Out = ArgBitsCondition{argIndex(C["index"], W + ".index"),
                           C[MaskKey].get<uint64_t>()};
  };
  Bits("unless_arg_bits", "mask", Entry->UnlessArgBits);
  if (E.contains("unless_object_ready")) {
    const auto &C = E["unless_object_ready"];
    std::string W = Where + ".unless_object_ready";
    if (!C.is_object() || C.empty())
      schemaError(W, "expected {\"param_of\": [...], \"tested_by\": [...], "
                     "\"busy_tested_by\": [...], \"in\": [...]} (any of "
                     "them) and an optional \"arg\"");
    ObjectReadyCondition R;
    for (auto It = C.begin(); It != C.end(); ++It) {
      std::string K = It.key();
      if (K == "arg") {
        R.Arg = argIndex(It.value(), W + ".arg");
        continue;
      }
      std::vector<std::string> *Out = K == "param_of"    ? &R.ParamOf
                                      : K == "tested_by" ? &R.TestedBy
                                      : K == "busy_tested_by" ? &R.BusyTestedBy
                                      : K == "in"        ? &R.In
                                                         : nullptr;
      if (!Out)
        schemaError(W + "." + K, "unknown key (expected param_of, tested_by, "
                                 "busy_tested_by, in or arg)");
      *Out = stringList(It.value(), W + "." + K);
    }
    if (R.ParamOf.empty() && R.TestedBy.empty() && R.BusyTestedBy.empty() &&
        R.In.empty())
      schemaError(W, "'arg' says which argument is the object; a test "
                     "(param_of, tested_by, busy_tested_by or in) is needed");
    Entry->UnlessObjectReady = std::move(R);
  }
  Bits("if_arg_bits", "mask", Entry->IfArgBits);
  Bits("if_arg_value", "value", Entry->IfArgValue);
  auto Idx = [&](const char *K, std::optional<ArgIndex> &Out) {
    if (E.contains(K))
      Out = argIndex(E[K], Where + "." + K);
  };
  Idx("only_if_null_arg", Entry->OnlyIfNullArg);
  Idx("timer_if_fd_arg", Entry->TimerIfFdArg);
  Idx("only_if_file_fd", Entry->OnlyIfFileFd);
  Idx("unless_pseudo_stream", Entry->UnlessPseudoStream);
  Idx("unless_zero_arg", Entry->UnlessZeroArg);
  Idx("fd_count_arg", Entry->FdCountArg);
  Idx("lock_arg", Entry->LockArg);
  Idx("name_arg", Entry->NameArg);
  if (E.contains("unless_any_arg_type")) {
    const auto &C = E["unless_any_arg_type"];
    std::string W = Where + ".unless_any_arg_type";
    if (!C.is_object() || !C.contains("types") || C.size() != 1)
      schemaError(W, "expected {\"types\": [...]}");
    Entry->UnlessAnyArgType = stringList(C["types"], W + ".types");
  }
  if ((Entry->NameArg || !Entry->UnlessAnyArgType.empty()) &&
      Entry->Holds.empty())
    schemaError(Where, "only a registration that 'holds' a lock has a "
                       "name_arg or unless_any_arg_type");

  const CatalogEntry *Raw = Entry.get();
  Entries.push_back(std::move(Entry));
  for (const auto &N : Names) {
    if (N.find_first_of("*?") != std::string::npos)
      Globs.push_back({S, N, Raw});
    else
      Exact[{S, N}].push_back(Raw);
  }
}

void Catalog::merge(const nlohmann::json &Doc, const std::string &Origin) {
  if (!Doc.is_object())
    schemaError(Origin, "a catalog is a JSON object");
  for (auto It = Doc.begin(); It != Doc.end(); ++It) {
    const std::string &Key = It.key();
    if (Key == "comment")
      continue;
    if (Key == "async_namespaces") {
      const auto &A = It.value();
      bool Bad = !A.is_object() || !A.contains("namespaces");
      for (auto K = A.begin(); !Bad && K != A.end(); ++K)
        Bad = K.key() != "namespaces" && K.key() != "comment" &&
              (K.key() != "library" || !K.value().is_string());
      if (Bad)
        schemaError(Origin + ".async_namespaces",
                    "expected {\"namespaces\": [...], \"library\": \"...\"}");
      for (auto &N :
           stringList(A["namespaces"], Origin + ".async_namespaces.namespaces"))
        AsyncNamespaces.push_back(N);
      if (A.contains("library"))
        AsyncLibrary = A["library"].get<std::string>();
      continue;
    }
    const SectionKey *SK = nullptr;
    for (const auto &K : SectionKeys)
      if (Key == K.Key)
        SK = &K;
    if (!SK)
      schemaError(Origin, "unknown catalog section '" + Key + "'");
    if (!It.value().is_array())
      schemaError(Origin + "." + Key, "expected an array of entries");
    for (size_t I = 0; I < It.value().size(); ++I)
      addEntry(SK->Sect, It.value()[I],
               Origin + "." + Key + "[" + std::to_string(I) + "]");
  }
  std::string Dump = Doc.dump();
  Fingerprint = llvm::xxh3_64bits(llvm::StringRef(Dump)) ^ (Fingerprint * 31);
}

std::vector<CatalogMatch>
Catalog::lookup(Section S, const std::vector<std::string> &Names) const {
  std::vector<CatalogMatch> Out;
  auto Add = [&](const CatalogEntry *E, const std::string &N) {
    for (const auto &M : Out)
      if (M.Entry == E)
        return;
    Out.push_back({E, N});
  };
  for (const auto &N : Names) {
    auto It = Exact.find({S, N});
    if (It != Exact.end())
      for (const CatalogEntry *E : It->second)
        Add(E, N);
  }
  for (const auto &G : Globs)
    if (G.Sect == S)
      for (const auto &N : Names)
        if (globMatch(G.Pattern, N)) {
          Add(G.Entry, N);
          break;
        }
  return Out;
}

} // namespace stallscan
