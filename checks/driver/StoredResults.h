//===--- StoredResults.h - The index's stored analysis results --*- C++ -*-===//
//
// A per-TU front end with an index decodes every unit, links and analyses
// the whole program for its one TU: at 10,000 TUs, seconds of CPU and most
// of a GiB. Most of the time the TU is the one the index was written from
// (a file opened in an editor, a rebuild of an unchanged TU, clang-tidy
// over the project), so the whole-program findings are those the writer
// already computed. `stallscan --write-index` (and `link --write-index`)
// stores them in a section of the binary index:
//
//  - per unit (keyed by main file, sorted for a binary search): the hash
//    of its summary as the TU gives it, and why a front end may not use
//    the stored findings for it even when its TU hashes the same ("" when
//    it may); its shape hash and the places of its main file that its
//    facts name (shapeHash), so that a TU whose code only moved (lines
//    added or removed, code moved along a line) is served too, each
//    location of its main file in the findings moved to the place that
//    corresponds to it;
//  - every finding of every check, in runChecks() order, each a
//    checksummed record, and a table of the files they are located in
//    (findings of one file are consecutive);
//  - per unit: the findings whose call path passes through its main file
//    (placeFindingsInTU() moves those into the TU);
//  - what the analysis read besides the units (analysisKey()).
//
// A front end reads the header, looks its unit up and reads the records it
// needs; nothing else of the index is decoded. Each record is bounds-checked
// and checksummed as it is read: a damaged section is refused with a
// message, never misread. Whether the stored findings equal those of a full
// load is decided by the writer (StoredUnit::Unusable) and by the hashes;
// see docs/integrations.md.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_DRIVER_STOREDRESULTS_H
#define STALLSCAN_DRIVER_STOREDRESULTS_H

#include "rules/Finding.h"
#include "summary/SummaryHash.h"
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stallscan {

struct Config;

/// What the analysis and the checks read besides the units: the config's
/// event-loop and rare function globs and every check option's value (the
/// config's, overridden by \p Options, else the default), and this build.
std::string analysisKey(const Config *Conf,
                        const std::map<std::string, std::string> &Options);

/// A unit as the writer saw it.
struct StoredUnit {
  std::string MainFile;
  ContentHash Hash;      ///< summaryHash() of the unit as its TU gives it
  std::string Unusable;  ///< why a front end must load everything, or ""
  ContentHash Shape;         ///< shapeHash() of the unit
  std::vector<Place> Places; ///< the places shapeHash() gives
};

/// Which units' stored findings a front end may use: those whose main
/// file no other unit has, and whose functions every other unit that has
/// facts about them describes with the same facts (a header's inline
/// function seen alike by every TU). Otherwise the fresh TU's own facts
/// would replace facts that other units' copies add or differ in, and the
/// program would not be the one the findings were computed on. Also says
/// (\p Disagree) whether any two units disagree on a function's facts at
/// all: then the index's own link differs from a link of these units.
std::vector<StoredUnit> planStoredUnits(const std::vector<TUSummary> &Units,
                                        std::string *Disagree);

/// The bytes of a results section.
std::string encodeStoredResults(std::vector<StoredUnit> Units,
                                const std::vector<Finding> &Findings,
                                const std::string &AnalysisKey,
                                const std::string &ConfigPath);

class StoredResultsError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A checked view of a results section; the bytes must outlive it.
class StoredResults {
public:
  /// Checks the header only; throws StoredResultsError.
  explicit StoredResults(std::string_view Section);

  const std::string &configPath() const { return Config; }
  const std::string &key() const { return Key; }
  size_t units() const { return NumUnits; }

  /// The findings a front end would get from a full load for \p Fresh
  /// whose placement in the TU (placeFindingsInTU) can differ from the
  /// whole program's: those of the files \p InTU accepts and those whose
  /// path passes through its main file, of the \p Enabled checks, in the
  /// whole program's order. std::nullopt, and \p Why, when the stored
  /// findings cannot be used; \p Why also says when they are served for a
  /// TU whose code moved ("its code moved"). Throws StoredResultsError on
  /// damage.
  std::optional<std::vector<Finding>>
  findingsFor(const TUSummary &Fresh, const std::string &AnalysisKey,
              const std::vector<std::string> &Enabled,
              const std::function<bool(const std::string &)> &InTU,
              std::string &Why) const;

private:
  std::string_view Bytes;
  uint32_t NumUnits = 0, NumFiles = 0, NumFindings = 0;
  uint64_t UnitsAt = 0, FilesAt = 0, FindingsAt = 0, BlobAt = 0, BlobSize = 0;
  std::string Key, Config;

  std::string_view blob(uint64_t Off, uint64_t Len) const;
  Finding finding(uint32_t I) const;
};

/// A binary index file with its results section, kept mapped: what a
/// front end holds instead of the decoded index.
struct MappedResults;
std::shared_ptr<const MappedResults> mapStoredResults(const std::string &Path);
const StoredResults &resultsOf(const MappedResults &M);

/// Findings as the results section stores them (for tests and for
/// STALLSCAN_VERIFY_RESULTS): equal texts, equal findings.
std::string findingsText(const std::vector<Finding> &Findings);

} // namespace stallscan

#endif
