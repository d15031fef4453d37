//===--- Suppressions.h - NOLINT comments and baselines ---------*- C++ -*-===//
#ifndef STALLSCAN_REPORT_SUPPRESSIONS_H
#define STALLSCAN_REPORT_SUPPRESSIONS_H

#include "rules/Finding.h"
#include <set>
#include <string>
#include <vector>

namespace stallscan {

/// Marks findings suppressed by clang-tidy style comments at their location:
/// `// NOLINT`, `// NOLINT(stallscan-blocking-*)`, `// NOLINTNEXTLINE(...)`
/// on the line before, and `// NOLINTBEGIN(...)` ... `// NOLINTEND(...)`.
/// Suppressed findings stay in the report (JSON, SARIF) marked as such.
void applyInlineSuppressions(std::vector<Finding> &Findings);

/// A baseline: the fingerprints of findings accepted earlier.
struct Baseline {
  std::set<std::string> Fingerprints;
  /// The absolute --root it was written for; empty in baselines written
  /// before stallscan recorded it.
  std::string Root;
};

/// Throws ConfigError with the file and what is wrong.
Baseline loadBaseline(const std::string &Path);
/// Writes the unsuppressed findings' fingerprints, atomically, and \p Root
/// (relative to the baseline's folder, so that the baseline stays true in a
/// checkout elsewhere). Returns how many fingerprints it wrote.
size_t writeBaseline(const std::string &Path,
                     const std::vector<Finding> &Findings,
                     const std::string &Root);

} // namespace stallscan

#endif
