//===--- TUFrontEnd.h - What every per-TU front end shares ------*- C++ -*-===//
//
// The compiler plugin, the clang-tidy module and clangd see one TU at a time.
// Each extracts the TU's facts with the same extractor as the CLI, links them
// with the other TUs' summaries from an index when one is given, runs the
// same checks, and keeps the findings that belong in this TU. So a finding
// reads the same wherever it appears.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_DRIVER_TUFRONTEND_H
#define STALLSCAN_DRIVER_TUFRONTEND_H

#include "catalog/Catalog.h"
#include "driver/Config.h"
#include "driver/SummaryFiles.h"
#include "rules/Finding.h"
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class SourceManager;
class SourceLocation;
} // namespace clang

namespace stallscan {

/// Index, config and catalog for a per-TU front end, shared by every TU of
/// the process and reloaded when a file changes.
struct FrontEndSetup {
  std::shared_ptr<const SummarySet> Index; ///< null without an index
  std::shared_ptr<const Config> Conf;      ///< null without a config
  std::shared_ptr<const Catalog> Cat;      ///< the built-in one, or extended
};

/// Loads the index (if \p IndexPath is not empty) and the config: \p
/// ConfigPath, else the one the index was written with, else the nearest
/// .stallscan.json at or above \p SearchFrom (when not empty), as the CLI
/// does from its working directory. Throws ConfigError.
FrontEndSetup loadFrontEndSetup(const std::string &IndexPath,
                                const std::string &ConfigPath,
                                const std::string &SearchFrom);

/// Links \p Fresh with the index's other TUs and runs \p Enabled checks.
/// \p Options are "check.option" values; the config's come first.
std::vector<Finding>
analyseFreshTU(const TUSummary &Fresh, const FrontEndSetup &Setup,
               const std::vector<std::string> &Enabled,
               const std::map<std::string, std::string> &Options);

/// Keeps the findings this TU should show: those located in a file it read
/// (\p InTU), and those whose path passes through \p MainFile, moved to the
/// last call on that path in the main file and saying where the blocking
/// call is (a helper defined in another file, known from the index). The
/// real site stays as the last note.
std::vector<Finding>
placeFindingsInTU(std::vector<Finding> All, const std::string &MainFile,
                  const std::function<bool(const std::string &)> &InTU);

/// The location of \p L in \p SM. Files the TU did not read are loaded when
/// \p LoadOtherFiles is set (notes pointing into other TUs); otherwise, and
/// for files that do not exist, the location is invalid.
clang::SourceLocation toSourceLocation(clang::SourceManager &SM, const Loc &L,
                                       bool LoadOtherFiles);

/// The absolute path of the TU's main file ("" if it has none).
std::string mainFilePath(const clang::SourceManager &SM);

/// Whether the TU read \p File (its main file or an included one).
bool fileInTU(const clang::SourceManager &SM, const std::string &File);

} // namespace stallscan

#endif
