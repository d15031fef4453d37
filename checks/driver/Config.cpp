//===--- Config.cpp - .stallscan.json -------------------------------------===//
//
// A config is strict: unknown keys, duplicate keys, wrong types, unknown
// check options and ill-typed option values are errors with a line and
// column (a typo in a suppression list must not silently do nothing).
// Positions come from the parser (JsonParse.cpp), by JSON pointer.
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
/// "catalog.blocking[3].names" (a catalog schema error's place) as a JSON
/// pointer below the config's root: "/catalog/blocking/3/names".
std::string catalogPointer(const std::string &Where) {
  std::string Out;
  std::string Cur;
  auto Flush = [&] {
    if (!Cur.empty())
      Out += "/" + Cur;
    Cur.clear();
  };
  for (char C : Where) {
    if (C == '.' || C == '[') {
      Flush();
    } else if (C == ']') {
      Flush();
    } else {
      Cur += C;
    }
  }
  Flush();
  return Out;
}

bool knownCheck(const std::string &Id) {
  for (const auto &Info : allChecks())
    if (Id == Info.Id)
      return true;
  return false;
}

/// A check option's value as the checks read it ("true", "12"), or nullopt
/// when it has the wrong type or range.
std::optional<std::string> optionValue(const CheckOptionInfo &O,
                                       const nlohmann::json &V) {
  if (std::string(O.Type) == "bool") {
    if (V.is_boolean())
      return V.get<bool>() ? "true" : "false";
    if (V.is_string() && (V == "true" || V == "false"))
      return V.get<std::string>();
    return std::nullopt;
  }
  constexpr uint64_t Max = 1000000000;
  if (V.is_number_unsigned() && V.get<uint64_t>() <= Max)
    return std::to_string(V.get<uint64_t>());
  if (V.is_string()) {
    const std::string &S = V.get_ref<const std::string &>();
    if (S.empty() || S.size() > 10 ||
        S.find_first_not_of("0123456789") != std::string::npos ||
        std::stoull(S) > Max)
      return std::nullopt;
    return std::to_string(std::stoull(S));
  }
  return std::nullopt;
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

Config loadConfig(const std::string &Path) {
  return loadConfigText(readTextFile(Path), Path);
}

Config loadConfigText(const std::string &Text, const std::string &Path) {
  JsonPositions Pos;
  nlohmann::json J = parseJsonText(Text, Path, /*AllowComments=*/true, &Pos);
  auto Fail = [&](const std::string &Pointer, const std::string &Msg) {
    throw ConfigError(Path + ":" + Pos.at(Pointer) + ": " + Msg);
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
      Fail("/" + Key, "'" + Key + "' must be a string or an array of strings");
    for (size_t I = 0; I < V.size(); ++I) {
      if (!V[I].is_string())
        Fail("/" + Key + "/" + std::to_string(I),
             "'" + Key + "' must contain only strings");
      Out.push_back(V[I].get<std::string>());
    }
    return Out;
  };
  for (auto It = J.begin(); It != J.end(); ++It) {
    const std::string &Key = It.key();
    const std::string Ptr = "/" + Key;
    if (Key == "checks") {
      C.Checks = Strings(Key);
    } else if (Key == "event_loop_functions") {
      C.EventLoopFunctions = Strings(Key);
    } else if (Key == "exclude") {
      C.Exclude = Strings(Key);
    } else if (Key == "rare_functions") {
      C.RareFunctions = Strings(Key);
    } else if (Key == "catalog") {
      C.Catalog = It.value();
      try {
        stallscan::Catalog Probe;
        Probe.merge(C.Catalog, "catalog");
      } catch (const std::exception &E) {
        std::string Msg = E.what();
        size_t Colon = Msg.find(": ");
        Fail(catalogPointer(Msg.substr(0, Colon)), "invalid catalog: " + Msg);
      }
    } else if (Key == "check_options") {
      if (!It.value().is_object())
        Fail(Ptr, "'check_options' must map check ids to {option: value}");
      for (auto C2 = It.value().begin(); C2 != It.value().end(); ++C2) {
        const std::string &Check = C2.key();
        std::string CheckPtr = Ptr + "/" + Check;
        if (!knownCheck(Check))
          Fail(CheckPtr, "unknown check '" + Check + "' in check_options");
        if (!C2.value().is_object())
          Fail(CheckPtr, "options of '" + Check + "' must be an object");
        std::string Names;
        for (const CheckOptionInfo &O : allCheckOptions())
          if (Check == O.Check)
            Names += std::string(Names.empty() ? "" : ", ") + O.Name;
        for (auto O = C2.value().begin(); O != C2.value().end(); ++O) {
          std::string OptPtr = CheckPtr + "/" + O.key();
          const CheckOptionInfo *Info = nullptr;
          for (const CheckOptionInfo &I : allCheckOptions())
            if (Check == I.Check && O.key() == I.Name)
              Info = &I;
          if (!Info)
            Fail(OptPtr, "unknown option '" + O.key() + "' of '" + Check +
                             "' (" +
                             (Names.empty() ? "it has no options"
                                            : "expected " + Names) +
                             ")");
          std::optional<std::string> V = optionValue(*Info, O.value());
          if (!V)
            Fail(OptPtr, "option '" + O.key() + "' of '" + Check + "' " +
                             (std::string(Info->Type) == "bool"
                                  ? "must be true or false"
                                  : "must be a whole number from 0 to "
                                    "1000000000"));
          C.CheckOptions[Check + "." + O.key()] = *V;
        }
      }
    } else if (Key == "severities") {
      if (!It.value().is_object())
        Fail(Ptr,
             "'severities' must map check ids to \"error\" or \"warning\"");
      for (auto S = It.value().begin(); S != It.value().end(); ++S) {
        std::string SPtr = Ptr + "/" + S.key();
        if (!knownCheck(S.key()))
          Fail(SPtr, "unknown check '" + S.key() + "' in severities");
        if (!S.value().is_string() ||
            (S.value() != "error" && S.value() != "warning"))
          Fail(SPtr, "severity of '" + S.key() +
                         "' must be \"error\" or \"warning\"");
        C.Severities[S.key()] = S.value().get<std::string>();
      }
    } else if (Key == "$schema" || Key == "comment" || Key == "config_file") {
      continue;
    } else {
      Fail(Ptr, "unknown key '" + Key +
                    "' (expected checks, check_options, catalog, "
                    "event_loop_functions, exclude, rare_functions, "
                    "severities)");
    }
  }
  try {
    selectChecks(C.Checks);
  } catch (const ConfigError &E) {
    Fail("/checks", E.what());
  }
  return C;
}

} // namespace stallscan
