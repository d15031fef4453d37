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
};

/// Throws ConfigError with the file and what is wrong.
Baseline loadBaseline(const std::string &Path);
/// Writes the unsuppressed findings' fingerprints, atomically.
void writeBaseline(const std::string &Path,
                   const std::vector<Finding> &Findings);

} // namespace stallscan

#endif
