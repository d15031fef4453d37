//===--- SortUnique.h - Canonical order for fact lists ----------*- C++ -*-===//
#ifndef STALLSCAN_SUMMARY_SORTUNIQUE_H
#define STALLSCAN_SUMMARY_SORTUNIQUE_H

#include <algorithm>
#include <vector>

namespace stallscan {

/// Sorts by Key and drops elements whose key repeats; stable, so of equal
/// keys the first one added is kept and output never depends on sort order.
template <typename T, typename KeyFn>
void sortUnique(std::vector<T> &V, KeyFn Key) {
  std::stable_sort(V.begin(), V.end(),
                   [&](const T &A, const T &B) { return Key(A) < Key(B); });
  V.erase(std::unique(
              V.begin(), V.end(),
              [&](const T &A, const T &B) { return Key(A) == Key(B); }),
          V.end());
}

} // namespace stallscan

#endif
