//===--- DiffFilter.h - Changed-lines mode for pull requests ----*- C++ -*-===//
#ifndef STALLSCAN_DRIVER_DIFFFILTER_H
#define STALLSCAN_DRIVER_DIFFFILTER_H

#include "rules/Finding.h"
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace stallscan {

/// Changed (added or modified) line ranges of the new side, per absolute file.
using ChangedLines =
    std::map<std::string, std::vector<std::pair<unsigned, unsigned>>>;

/// Reads a unified diff (as `git diff -U0` prints it); paths are taken
/// relative to \p Root, with git's "b/" prefix removed.
ChangedLines parseUnifiedDiff(const std::string &Diff, const std::string &Root);

/// Runs `git diff -U0 <Base>` in \p Root (or reads stdin when Base is "-").
/// Throws ConfigError when git fails (not a repository, unknown revision).
ChangedLines changedLinesSince(const std::string &Base, const std::string &Root);

/// Whether the finding, or any step of its path, is on a changed line.
bool touchesChangedLines(const Finding &F, const ChangedLines &Changed);

} // namespace stallscan

#endif
