//===--- CliConfig.h - clang-tidy style config options ----------*- C++ -*-===//
#ifndef STALLSCAN_TOOL_CLICONFIG_H
#define STALLSCAN_TOOL_CLICONFIG_H

#include "driver/Config.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace stallscan {

/// The config chosen by --config (inline JSON, or a file: deprecated),
/// --config-file, or else the nearest .stallscan.json upward from \p Cwd.
/// Throws ConfigError for a bad choice or a bad config; \p Warnings gets the
/// deprecation note.
Config loadCliConfig(const std::string &ConfigOpt,
                     const std::string &ConfigFileOpt, const std::string &Cwd,
                     std::vector<std::string> &Warnings);

/// The checks named by comma-separated globs applied in order from "none",
/// as clang-tidy's --warnings-as-errors. Throws ConfigError naming a glob
/// without wildcards that matches no check.
std::set<std::string> checksMatching(const std::string &Globs);

/// --dump-config: the effective config as JSON that loads back as a config.
/// \p Severities holds the severity of every check.
void dumpConfig(const Config &C, const std::string &ConfigFile,
                const std::vector<std::string> &Enabled,
                const std::map<std::string, std::string> &Severities,
                llvm::raw_ostream &OS);

} // namespace stallscan

#endif
