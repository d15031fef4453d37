//===--- SummaryHash.h - Content hashes of summaries ------------*- C++ -*-===//
//
// What the stored results of an index (StoredResults.h) are keyed by: a
// unit's content (every field of every fact, as its summary serialises
// them), and, per function, the facts a unit holds about it
// (forEachOwnedFactList), so that the writer can tell whether every TU that
// sees a header's function says the same about it. The hashes are taken of
// the values writeSummaryValues gives (Summary.cpp, from the same field
// lists as the JSON), not of their JSON text: a new list in TUSummary goes
// into writeSummaryValues() as it goes into to_json()
// (SummaryTest.ValuesAreTheJsonTreesValues and ContentHashSeesEveryField
// fail otherwise).
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_SUMMARY_SUMMARYHASH_H
#define STALLSCAN_SUMMARY_SUMMARYHASH_H

#include "summary/Summary.h"
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <unordered_map>
#include <unordered_set>

namespace stallscan {

/// A 128-bit content hash (XXH3).
struct ContentHash {
  uint64_t Low = 0, High = 0;
  friend bool operator==(const ContentHash &A, const ContentHash &B) {
    return A.Low == B.Low && A.High == B.High;
  }
  friend bool operator!=(const ContentHash &A, const ContentHash &B) {
    return !(A == B);
  }
  std::string hex() const;
};

ContentHash contentHash(std::string_view Bytes);

/// The hash of \p S's content: equal summaries, equal hashes; a change to
/// any value its JSON holds changes it.
ContentHash summaryHash(const TUSummary &S);

/// A place in a unit's main file: line and column.
using Place = std::pair<unsigned, unsigned>;

/// The hash of \p S's content with each place of its main file that its
/// facts name (a location, or where a lambda is written in a lambda's id,
/// "lambda:<main file>:<line>:<column>") replaced by its ranks: its line's
/// among those places' lines, its column's among that line's. Two
/// summaries of one TU have the same shape hash when they differ only in
/// where its code sits (lines added or removed around it, code moved along
/// a line), as long as no two places come to share a line or stop sharing
/// one. \p Places receives the places, sorted: equal shapes, places that
/// correspond one to one, in order. \p Content, if given, receives
/// summaryHash(S), taken on the same walk.
ContentHash shapeHash(const TUSummary &S, std::vector<Place> &Places,
                      ContentHash *Content = nullptr);

/// \p Text with each lambda id of \p MainFile in it written with the place
/// \p To gives for its place (std::nullopt: \p Text cannot be rewritten).
std::optional<std::string>
rewriteLambdaIds(std::string_view Text, std::string_view MainFile,
                 const std::function<std::optional<Place>(Place)> &To);

/// For each function id \p Wanted accepts that owns facts in \p S: the hash
/// of those facts (every owned list, in order, with the list they are in).
/// Ids owning a reactor loop go into \p OwnsReactor (other facts index
/// reactors by their position in the unit: equal facts may mean others).
void ownedFactHashes(const TUSummary &S,
                     const std::function<bool(const std::string &)> &Wanted,
                     std::unordered_map<std::string, ContentHash> &Out,
                     std::unordered_set<std::string> &OwnsReactor);

} // namespace stallscan

#endif
