//===--- Config.cpp - .stallscan.json -------------------------------------===//
//
// A config is strict: unknown keys and wrong types are errors with a line and
// column (a typo in a suppression list must not silently do nothing). JSON
// syntax errors are located from nlohmann's byte offset.
//
//===----------------------------------------------------------------------===//
#include "driver/Config.h"
#include "catalog/Catalog.h"
#include "rules/Finding.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <set>

namespace stallscan {

namespace {
std::string position(const std::string &Text, size_t Offset) {
  unsigned Line = 1, Col = 1;
  for (size_t I = 0; I < Offset && I < Text.size(); ++I) {
    if (Text[I] == '\n') {
      ++Line;
      Col = 1;
    } else {
      ++Col;
    }
  }
  return std::to_string(Line) + ":" + std::to_string(Col);
}

/// Where a key first appears in the text, for semantic errors.
std::string keyPosition(const std::string &Text, const std::string &Key) {
  size_t At = Text.find("\"" + Key + "\"");
  return position(Text, At == std::string::npos ? 0 : At + 1);
}
} // namespace

std::vector<std::string> splitGlobs(const std::string &S) {
  std::vector<std::string> Out;
  std::string Cur;
  auto Flush = [&] {
    size_t B = Cur.find_first_not_of(" \t\n");
    size_t E = Cur.find_last_not_of(" \t\n");
    if (B != std::string::npos)
      Out.push_back(Cur.substr(B, E - B + 1));
    Cur.clear();
  };
  for (char C : S) {
    if (C == ',')
      Flush();
    else
      Cur += C;
  }
  Flush();
  return Out;
}

bool checkGlobMatch(const std::string &Pattern, const std::string &Id) {
  llvm::StringRef Short = llvm::StringRef(Id);
  // "blocking-in-event-loop" names "stallscan-blocking-in-event-loop".
  return globMatch(Pattern, Id) ||
         (Short.consume_front("stallscan-") && globMatch(Pattern, Short.str()));
}

std::vector<std::string> selectChecks(const std::vector<std::string> &Globs) {
  const auto &All = allChecks();
  std::vector<bool> On;
  for (const auto &C : All)
    On.push_back(C.EnabledByDefault);
  for (const auto &G : Globs) {
    bool Negative = !G.empty() && G[0] == '-';
    std::string Pattern = Negative ? G.substr(1) : G;
    bool Any = false;
    for (size_t I = 0; I < All.size(); ++I)
      if (checkGlobMatch(Pattern, All[I].Id)) {
        On[I] = !Negative;
        Any = true;
      }
    if (!Any && Pattern.find_first_of("*?") == std::string::npos)
      throw ConfigError("unknown check '" + Pattern +
                        "'; run 'stallscan --list-checks' to see them");
  }
  std::vector<std::string> Out;
  for (size_t I = 0; I < All.size(); ++I)
    if (On[I])
      Out.push_back(All[I].Id);
  return Out;
}

std::optional<std::string> findConfig(const std::string &Dir) {
  llvm::SmallString<256> D(Dir);
  while (!D.empty()) {
    llvm::SmallString<256> Candidate(D);
    llvm::sys::path::append(Candidate, ".stallscan.json");
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = llvm::sys::path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent;
  }
  return std::nullopt;
}

/// The whole file; ConfigError "file: cannot read: why" when it cannot be.
static std::string readTextFile(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    throw ConfigError(Path + ": cannot read: " + Buf.getError().message());
  return (*Buf)->getBuffer().str();
}

nlohmann::json parseJsonFile(const std::string &Path, bool AllowComments) {
  return parseJsonText(readTextFile(Path), Path, AllowComments);
}

nlohmann::json parseJsonText(const std::string &Text, const std::string &Path,
                             bool AllowComments) {
  try {
    return nlohmann::json::parse(Text, nullptr, true, AllowComments);
  } catch (const nlohmann::json::parse_error &E) {
    std::string Msg = E.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    size_t Colon = Msg.find(": ", Msg.find("column"));
    throw ConfigError(
        Path + ":" + position(Text, E.byte ? E.byte - 1 : 0) +
        ": invalid JSON: " +
        (Colon == std::string::npos ? Msg : Msg.substr(Colon + 2)));
  }
}

Config loadConfig(const std::string &Path) {
  return loadConfigText(readTextFile(Path), Path);
}

Config loadConfigText(const std::string &Text, const std::string &Path) {
  nlohmann::json J = parseJsonText(Text, Path, /*AllowComments=*/true);
  auto Fail = [&](const std::string &Key, const std::string &Msg) {
    throw ConfigError(Path + ":" + keyPosition(Text, Key) + ": " + Msg);
  };
  if (!J.is_object())
    throw ConfigError(Path + ":1:1: a config is a JSON object");
  Config C;
  C.Path = Path;
  auto Strings = [&](const std::string &Key) {
    std::vector<std::string> Out;
    const auto &V = J[Key];
    if (V.is_string())
      return splitGlobs(V.get<std::string>());
    if (!V.is_array())
      Fail(Key, "'" + Key + "' must be a string or an array of strings");
    for (const auto &E : V) {
      if (!E.is_string())
        Fail(Key, "'" + Key + "' must contain only strings");
      Out.push_back(E.get<std::string>());
    }
    return Out;
  };
  for (auto It = J.begin(); It != J.end(); ++It) {
    const std::string &Key = It.key();
    if (Key == "checks") {
      C.Checks = Strings(Key);
    } else if (Key == "event_loop_functions") {
      C.EventLoopFunctions = Strings(Key);
    } else if (Key == "exclude") {
      C.Exclude = Strings(Key);
    } else if (Key == "catalog") {
      C.Catalog = It.value();
      try {
        stallscan::Catalog Probe;
        Probe.merge(C.Catalog, "catalog");
      } catch (const std::runtime_error &E) {
        Fail(Key, std::string("invalid catalog: ") + E.what());
      }
    } else if (Key == "check_options") {
      if (!It.value().is_object())
        Fail(Key, "'check_options' must map check ids to {option: value}");
      for (auto C2 = It.value().begin(); C2 != It.value().end(); ++C2) {
        if (!C2.value().is_object())
          Fail(C2.key(), "options of '" + C2.key() + "' must be an object");
        bool Known = false;
        for (const auto &Info : allChecks())
          Known |= C2.key() == Info.Id;
        if (!Known)
          Fail(C2.key(), "unknown check '" + C2.key() + "' in check_options");
        for (auto O = C2.value().begin(); O != C2.value().end(); ++O) {
          const auto &V = O.value();
          std::string S = V.is_string() ? V.get<std::string>() : V.dump();
          C.CheckOptions[C2.key() + "." + O.key()] = S;
        }
      }
    } else if (Key == "severities") {
      if (!It.value().is_object())
        Fail(Key,
             "'severities' must map check ids to \"error\" or \"warning\"");
      for (auto S = It.value().begin(); S != It.value().end(); ++S) {
        bool Known = false;
        for (const auto &Info : allChecks())
          Known |= S.key() == Info.Id;
        if (!Known)
          Fail(S.key(), "unknown check '" + S.key() + "' in severities");
        if (!S.value().is_string() ||
            (S.value() != "error" && S.value() != "warning"))
          Fail(S.key(), "severity of '" + S.key() +
                            "' must be \"error\" or \"warning\"");
        C.Severities[S.key()] = S.value().get<std::string>();
      }
    } else if (Key == "$schema" || Key == "comment" || Key == "config_file") {
      continue;
    } else {
      Fail(Key, "unknown key '" + Key +
                    "' (expected checks, check_options, catalog, "
                    "event_loop_functions, exclude, severities)");
    }
  }
  try {
    selectChecks(C.Checks);
  } catch (const ConfigError &E) {
    Fail("checks", E.what());
  }
  return C;
}

} // namespace stallscan
