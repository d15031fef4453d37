//===--- Config.h - .stallscan.json -----------------------------*- C++ -*-===//
#ifndef STALLSCAN_DRIVER_CONFIG_H
#define STALLSCAN_DRIVER_CONFIG_H

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace stallscan {

struct Config {
  std::string Path; ///< empty when no config file was used
  std::vector<std::string>
      Checks; ///< globs, clang-tidy style ("-*", "stallscan-x")
  nlohmann::json Catalog =
      nlohmann::json::object(); ///< extends the built-in catalog
  std::vector<std::string> EventLoopFunctions;
  std::map<std::string, std::string> CheckOptions; ///< "check.option" -> value
  std::vector<std::string> Exclude; ///< path globs whose findings are dropped
  std::map<std::string, std::string> Severities; ///< check id -> error|warning
};

/// Thrown for unreadable or invalid configs; what() is "file:line:col: msg".
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Config loadConfig(const std::string &Path);

/// A config given as text (--config='{...}'); \p Path names it in errors.
Config loadConfigText(const std::string &Text, const std::string &Path);

/// The nearest .stallscan.json in Dir or one of its parents.
std::optional<std::string> findConfig(const std::string &Dir);

/// Parses JSON text strictly; syntax errors become ConfigError
/// "file:line:col: invalid JSON: ...".
nlohmann::json parseJsonFile(const std::string &Path, bool AllowComments);
nlohmann::json parseJsonText(const std::string &Text, const std::string &Path,
                             bool AllowComments);

/// Splits "a,-b, c" (and config lists) into globs.
std::vector<std::string> splitGlobs(const std::string &S);

/// Whether a check glob matches a check id; the "stallscan-" prefix may be
/// left out ("-*,blocking-in-event-loop").
bool checkGlobMatch(const std::string &Pattern, const std::string &Id);

/// Applies globs in order to the registry's defaults. Throws ConfigError
/// naming a glob without wildcards that matches no check.
std::vector<std::string> selectChecks(const std::vector<std::string> &Globs);

} // namespace stallscan

#endif
