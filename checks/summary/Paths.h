//===--- Paths.h - Paths relative to a project root -------------*- C++ -*-===//
#ifndef STALLSCAN_SUMMARY_PATHS_H
#define STALLSCAN_SUMMARY_PATHS_H

#include <string>

namespace stallscan {

/// Whether File is Dir itself or below it (both absolute, normalised).
inline bool isUnder(const std::string &File, const std::string &Dir) {
  return File == Dir ||
         (!Dir.empty() && File.size() > Dir.size() &&
          File.compare(0, Dir.size(), Dir) == 0 && File[Dir.size()] == '/');
}

/// Path relative to Root when strictly below it, else Path unchanged.
inline std::string relativeTo(const std::string &Path,
                              const std::string &Root) {
  return Path != Root && isUnder(Path, Root) ? Path.substr(Root.size() + 1)
                                             : Path;
}

} // namespace stallscan

#endif
