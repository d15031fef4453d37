//===--- CliConfig.cpp - clang-tidy style config options ------------------===//
//
// The config options behave as clang-tidy's, which users already know:
// --config is the config's text and --config-file a path. stallscan's
// --config took a path before; a value that does not start with '{' is still
// read as a file, with a note, so existing scripts keep working.
// --dump-config prints every setting, defaults included, in the config's own
// format, so its output can be saved as a .stallscan.json.
//
//===----------------------------------------------------------------------===//
#include "CliConfig.h"
#include "rules/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace stallscan {

static std::string absolutePath(const std::string &P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}

static Config loadConfigFile(const std::string &Path) {
  if (!llvm::sys::fs::exists(Path))
    throw ConfigError("config file '" + Path + "' does not exist");
  return loadConfig(Path);
}

Config loadCliConfig(const std::string &ConfigOpt,
                     const std::string &ConfigFileOpt, const std::string &Cwd,
                     std::vector<std::string> &Warnings) {
  if (!ConfigOpt.empty() && !ConfigFileOpt.empty())
    throw ConfigError("--config and --config-file are mutually exclusive");
  if (!ConfigFileOpt.empty())
    return loadConfigFile(ConfigFileOpt);
  if (!ConfigOpt.empty()) {
    if (llvm::StringRef(ConfigOpt).ltrim().starts_with("{")) {
      Config C = loadConfigText(ConfigOpt, "--config");
      C.Path.clear(); // no file: nothing for an index to point at
      return C;
    }
    Warnings.push_back("--config=FILE is deprecated: use --config-file=FILE "
                       "(--config takes the config itself, '{...}')");
    return loadConfigFile(ConfigOpt);
  }
  if (std::optional<std::string> Found = findConfig(Cwd))
    return loadConfig(*Found);
  return Config();
}

std::set<std::string> checksMatching(const std::string &Globs) {
  std::set<std::string> Out;
  for (const std::string &G : splitGlobs(Globs)) {
    bool Negative = G[0] == '-';
    std::string Pattern = Negative ? G.substr(1) : G;
    bool Any = false;
    for (const CheckInfo &C : allChecks())
      if (checkGlobMatch(Pattern, C.Id)) {
        Any = true;
        if (Negative)
          Out.erase(C.Id);
        else
          Out.insert(C.Id);
      }
    if (!Any && Pattern.find_first_of("*?") == std::string::npos)
      throw ConfigError("unknown check '" + Pattern +
                        "'; run 'stallscan --list-checks' to see them");
  }
  return Out;
}

/// An option's value as its type's JSON value when it is one, so that
/// "min-statements": 6 reads as a number and a mistyped value stays visible.
static nlohmann::json typedValue(const CheckOptionInfo &O,
                                 const std::string &V) {
  llvm::StringRef S(V);
  if (llvm::StringRef(O.Type) == "bool" && (S == "true" || S == "false"))
    return S == "true";
  long long N;
  if (llvm::StringRef(O.Type) == "integer" && !S.getAsInteger(10, N))
    return N;
  return V;
}

void dumpConfig(const Config &C, const std::string &ConfigFile,
                const std::vector<std::string> &Enabled,
                const std::map<std::string, std::string> &Severities,
                llvm::raw_ostream &OS) {
  nlohmann::json J;
  J["config_file"] = ConfigFile.empty()
                         ? nlohmann::json()
                         : nlohmann::json(absolutePath(ConfigFile));
  nlohmann::json Checks = nlohmann::json::array({"-*"});
  for (const std::string &Id : Enabled)
    Checks.push_back(Id);
  J["checks"] = Checks;
  nlohmann::json Options = nlohmann::json::object();
  for (const CheckOptionInfo &O : allCheckOptions()) {
    auto It = C.CheckOptions.find(std::string(O.Check) + "." + O.Name);
    Options[O.Check][O.Name] =
        typedValue(O, It != C.CheckOptions.end() ? It->second : O.Default);
  }
  J["check_options"] = Options;
  J["severities"] = Severities;
  J["exclude"] = C.Exclude;
  J["event_loop_functions"] = C.EventLoopFunctions;
  J["rare_functions"] = C.RareFunctions;
  J["catalog"] = C.Catalog;
  OS << J.dump(2) << "\n";
}

} // namespace stallscan
