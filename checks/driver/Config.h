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
  /// Function-name globs that run rarely (admin, statistics, debug
  /// commands): sections requests reach only through them are no hot path.
  std::vector<std::string> RareFunctions;
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

/// Where the values of a parsed document are, by JSON pointer ("" is the
/// root, "/check_options/x/y" a member: the position of its key,
/// "/exclude/2" an array element).
struct JsonPositions {
  std::string Text;
  std::map<std::string, size_t> Offsets;
  /// "line:col" of \p Pointer, else of its nearest recorded ancestor.
  std::string at(std::string Pointer) const;
  std::string lineCol(size_t Offset) const;
};

/// Parses JSON text strictly, never throwing anything but ConfigError
/// "origin:line:col: invalid JSON: ...": syntax errors, numbers out of double
/// range, duplicate keys and nesting deeper than 256 levels. Records
/// positions when \p Positions is given.
nlohmann::json parseJsonText(const std::string &Text, const std::string &Origin,
                             bool AllowComments,
                             JsonPositions *Positions = nullptr);
/// The same for a file; an unreadable file is a ConfigError too.
nlohmann::json parseJsonFile(const std::string &Path, bool AllowComments,
                             JsonPositions *Positions = nullptr);

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
