//===--- SummaryReader.h - Strict reading of TU summaries -------*- C++ -*-===//
//
// Summaries come from files anyone can edit (summary files, indexes, cache
// entries), and the analysis indexes arrays with what they say (a reactor
// index is a position in the summary's reactor list). So a summary is read
// completely checked: every field present with its type and range, no
// unknown keys, every index pointing at an element that exists and belongs
// to the same function. A summary that reads is safe to link and analyse.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_SUMMARY_SUMMARYREADER_H
#define STALLSCAN_SUMMARY_SUMMARYREADER_H

#include "summary/Summary.h"
#include <nlohmann/json.hpp>
#include <functional>
#include <optional>
#include <string_view>

namespace stallscan {

/// What is wrong with a summary, and where ("calls[3].Reactor: ..."). A
/// nlohmann::json::exception, so code that treats any JSON problem as "not
/// usable" (the cache) keeps doing so.
class SummaryFormatError : public nlohmann::json::exception {
public:
  explicit SummaryFormatError(const std::string &What)
      : nlohmann::json::exception(599, What.c_str()) {}
};

/// Reads and validates one TU summary. Throws SummaryFormatError.
TUSummary readSummary(const nlohmann::json &J);

/// What a summary file or an index holds.
struct SummaryFileContents {
  std::vector<TUSummary> Units;
  std::string ConfigPath; ///< an index's "config", or empty
};

/// Reads the text of a summary file or an index quickly, without nlohmann's
/// tree: a compact tree of the text, read by the same strict reader. Any
/// problem at all (bad JSON, a duplicate key, another version, a summary
/// that does not validate) gives nullopt and no message: the caller then
/// reads the text the strict way, which names the problem and its place.
std::optional<SummaryFileContents> readSummaryFileFast(std::string_view Text);

/// What a cache entry's recorded inputs are checked with, one at a time, in
/// the order recorded (readCacheEntryFast).
struct CacheEntryCheck {
  /// A file the TU read: its path, size, modification time (ns) and content
  /// hash then, and when the entry was written (ns). True if unchanged.
  std::function<bool(const std::string &Path, uint64_t Size, int64_t MTimeNs,
                     uint64_t Hash, int64_t ParsedAtNs)>
      Dep;
  /// A path the parse looked for in vain. True if it still does not exist.
  std::function<bool(const std::string &Path)> Absent;
};

/// Reads a driver cache entry (Cache.cpp: {"parsed_at", "deps", "absent",
/// "summary"}) the fast way: the summary is read only once \p Unchanged
/// has accepted every dependency and absent path. nullopt for a stale entry
/// and for anything malformed, whatever it is.
std::optional<TUSummary> readCacheEntryFast(std::string_view Text,
                                            const CacheEntryCheck &Unchanged);

/// Reads a location, [file, line, column]. Throws SummaryFormatError.
void readLoc(const nlohmann::json &J, Loc &L);

} // namespace stallscan

#endif
