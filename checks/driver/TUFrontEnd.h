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

#include "analysis/Program.h"
#include "catalog/Catalog.h"
#include "driver/Config.h"
#include "driver/SummaryFiles.h"
#include "rules/Finding.h"
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class Preprocessor;
class SourceManager;
class SourceLocation;
} // namespace clang

namespace stallscan {

struct MappedResults;

/// An index ready for linking with one fresh TU at a time: read once, its
/// conflicting definitions split once (not on every edit in an editor).
struct PreparedIndex {
  SummarySet Set;
  DefinitionSplit Split;
  std::deque<TUSummary> Renamed;
  std::vector<const TUSummary *> Units; ///< Set's units, split applied

  explicit PreparedIndex(SummarySet Read);
  // Units points into Set and Renamed: moving keeps the elements in place,
  // copying would not.
  PreparedIndex(PreparedIndex &&) = default;
  PreparedIndex(const PreparedIndex &) = delete;
};

/// The units to link for a TU analysed on its own: \p Fresh plus the index's
/// other units. The index's entries for the same main file are dropped, and
/// so are its facts about functions \p Fresh defines outside its main file
/// (inline functions of headers being edited): what the TU shows now wins
/// over what the index recorded, stale or not. Units are referenced, not
/// copied; only pruned units are copies, held in Owned.
struct MergedUnits {
  std::deque<TUSummary> Owned;
  std::vector<const TUSummary *> Units; ///< \p Fresh first
};
MergedUnits mergeWithIndex(const TUSummary &Fresh, const PreparedIndex *Index);

/// Index, config and catalog for a per-TU front end, shared by every TU of
/// the process and reloaded when a file changes.
struct FrontEndSetup {
  /// Null without an index, and until it is needed when the index has
  /// stored results (ensureIndex()).
  std::shared_ptr<const PreparedIndex> Index;
  std::string IndexPath; ///< the index asked for, or ""
  /// The index's stored results (StoredResults.h): findingsInTU() serves a
  /// TU the index was written from from them, without reading the rest of
  /// the index. Null when it has none (ResultsError says why).
  std::shared_ptr<const MappedResults> Results;
  std::string ResultsError;
  std::shared_ptr<const Config> Conf;         ///< null without a config
  std::shared_ptr<const Catalog> Cat;         ///< the built-in one, or extended
  /// Why the index asked for could not be used (missing, malformed, another
  /// version): the TU is then checked on its own, which front ends report
  /// as a warning, never as an error.
  std::string IndexError;
  /// For a front end that analyses the same files again and again (clangd
  /// on every edit, clang-tidy over a project): link the index's other
  /// units once per main file and add each fresh TU to that program
  /// (LinkedBase) instead of linking every unit again. A one-TU process
  /// (the compiler plugin) gains nothing from it. With
  /// STALLSCAN_VERIFY_INCREMENTAL=1 in the environment the incremental
  /// link is done whatever this says, compared with a full link, and the
  /// outcome written on stderr (a difference aborts).
  bool ReuseLink = false;
};

/// What the config says about loops and rare paths (none without one): the
/// same for the CLI, `stallscan link` and every per-TU front end.
inline LoopOptions loopOptions(const Config *Conf) {
  LoopOptions Opts;
  if (Conf) {
    Opts.EventLoopFunctions = Conf->EventLoopFunctions;
    Opts.RareFunctions = Conf->RareFunctions;
  }
  return Opts;
}

/// Loads the index (if \p IndexPath is not empty) and the config: \p
/// ConfigPath, else the one the index was written with, else the nearest
/// .stallscan.json at or above \p SearchFrom (when not empty), as the CLI
/// does from its working directory. An index that cannot be used is left
/// out (IndexError); a config that cannot be used throws ConfigError.
FrontEndSetup loadFrontEndSetup(const std::string &IndexPath,
                                const std::string &ConfigPath,
                                const std::string &SearchFrom);

/// The same for the TU of \p SM: relative paths are resolved from the
/// compile's working folder, and the config is searched for from the main
/// file's folder.
FrontEndSetup loadFrontEndSetup(const clang::SourceManager &SM,
                                const std::string &IndexFile,
                                const std::string &ConfigFile);

/// Reads the index (IndexPath) if it has not been read yet; an index that
/// cannot be used leaves IndexError.
void ensureIndex(FrontEndSetup &Setup);

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

/// What a per-TU front end reports for the TU of \p SM, whose facts are \p
/// S: from the index's stored results when they hold what a full load
/// would give (the TU is the one the index was written from, and the
/// config and options are the same), else analyseFreshTU() then
/// placeFindingsInTU(). \p PP, if given, is the TU's preprocessor: which
/// files the TU read is then asked of it (see fileInTU()). Reads the index
/// if needed (ensureIndex()): its IndexError may be set on return.
std::vector<Finding>
findingsInTU(const TUSummary &S, const clang::SourceManager &SM,
             FrontEndSetup &Setup, const std::vector<std::string> &Enabled,
             const std::map<std::string, std::string> &Options,
             const clang::Preprocessor *PP = nullptr);

/// The same with \p InTU saying which files the TU read; \p Source, if
/// given, receives "" when the findings came from the stored results, else
/// why they did not.
std::vector<Finding>
findingsInTU(const TUSummary &S, FrontEndSetup &Setup,
             const std::vector<std::string> &Enabled,
             const std::map<std::string, std::string> &Options,
             const std::function<bool(const std::string &)> &InTU,
             std::string *Source = nullptr);

/// The location of \p L in \p SM. Files the TU did not read are loaded when
/// \p LoadOtherFiles is set (notes pointing into other TUs); otherwise, and
/// for files that do not exist, the location is invalid.
clang::SourceLocation toSourceLocation(clang::SourceManager &SM, const Loc &L,
                                       bool LoadOtherFiles);

/// \p Path made absolute from the compile's working folder.
std::string absolutePath(const clang::SourceManager &SM,
                         const std::string &Path);

/// The absolute path of the TU's main file ("" if it has none).
std::string mainFilePath(const clang::SourceManager &SM);

/// Whether the TU read \p File (its main file or an included one). Without
/// \p PP, the SourceManager is searched for a file entry of \p File: for a
/// file the TU did not read, every entry, each one loaded from a
/// precompiled preamble first (clangd: milliseconds per file, on every
/// edit). With the TU's preprocessor \p PP, an included file is one the
/// preprocessor marked included (restored from a preamble by its header
/// information, looked up by file): no search.
bool fileInTU(const clang::SourceManager &SM, const std::string &File,
              const clang::Preprocessor *PP = nullptr);

} // namespace stallscan

#endif
