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

/// Whether a TU is a build system's compiler probe rather than part of the
/// program: CMake compiles its compiler-id and ABI sources and every
/// try_compile (check_cxx_source_compiles...) below CMakeFiles/, or from its
/// Modules folder (CMakeCXXCompilerABI.cpp). \p Output is the object file,
/// when known.
inline bool isBuildSystemProbe(const std::string &MainFile,
                               const std::string &Output = "") {
  for (const std::string *P : {&MainFile, &Output}) {
    for (const char *Dir : {"/CMakeFiles/CMakeScratch/", "/CMakeFiles/CMakeTmp/",
                            "/CompilerIdC/", "/CompilerIdCXX/"})
      if (P->find(Dir) != std::string::npos)
        return true;
  }
  std::string::size_type Slash = MainFile.rfind('/');
  std::string Name = MainFile.substr(Slash == std::string::npos ? 0 : Slash + 1);
  return Name.compare(0, 5, "CMake") == 0 &&
         MainFile.find("/Modules/") != std::string::npos;
}

} // namespace stallscan

#endif
