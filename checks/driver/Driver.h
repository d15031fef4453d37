//===--- Driver.h - TUs in, summaries out -----------------------*- C++ -*-===//
#ifndef STALLSCAN_DRIVER_DRIVER_H
#define STALLSCAN_DRIVER_DRIVER_H

#include "summary/Summary.h"
#include <functional>
#include <string>
#include <vector>

namespace stallscan {
class Catalog;

struct CompileJob {
  std::string File;              ///< absolute
  std::string Directory;         ///< working directory of the command
  std::vector<std::string> Args; ///< the compile command as recorded
};

struct DriverOptions {
  unsigned Jobs = 0;    ///< 0: one per core
  std::string CacheDir; ///< empty: no cache
  /// Set by runExtraction once it has served every job it could from the
  /// cache: the workers then parse without looking again.
  bool CacheLookedUp = false;
  bool AllowPlugins = false;
  std::vector<std::string> ExtraArgs;
  std::vector<std::string> ExtraArgsBefore;
  std::string ResourceDir;
  /// Called after each TU (from worker threads, serialised by the driver).
  std::function<void(size_t Done, size_t Total, const std::string &File)>
      Progress;
};

struct TUResult {
  std::string File;
  TUSummary Summary;
  bool Cached = false;
  bool Failed = false; ///< parse errors or a crash; Summary may be partial
  std::string Error;   ///< first error, for the user
  std::string CacheError; ///< why the summary could not be cached, if so
};

/// Rewrites a recorded compile command into one our embedded Clang runs
/// safely and quietly: syntax only, no outputs or dependency files, no
/// plugins (unless allowed), nothing that runs or selects a program (GPU
/// detection), no config files, CUDA/HIP host-only, no arguments Clang does
/// not know (GCC builds). Defined in CompileDb.cpp.
std::vector<std::string> sanitizeCommand(const std::vector<std::string> &Args,
                                         bool AllowPlugins);

/// Replaces each @file argument by the arguments in that file (relative to
/// \p Directory; nested ones relative to the file naming them), at most 16
/// deep. False, with a one-line \p Error, when one cannot be read.
bool expandResponseFiles(std::vector<std::string> &Args,
                         const std::string &Directory, std::string &Error);

/// Parses every job (or loads it from the cache) with Opts.Jobs threads.
/// Never throws; a TU that fails to parse or crashes is reported in its
/// TUResult and does not affect the others. Results are in job order.
std::vector<TUResult> runExtraction(const std::vector<CompileJob> &Jobs,
                                    const Catalog &Cat,
                                    const DriverOptions &Opts);

/// Reads one cache entry as the driver does: true and the summary when the
/// entry is usable and its files unchanged; false (a miss) otherwise, for
/// any content whatsoever.
bool readCacheEntry(const std::string &Path, TUSummary &Out);

/// Clang's resource directory (stddef.h, ...): $STALLSCAN_RESOURCE_DIR, then
/// beside the executable (../lib/clang/<major>), then the configured default.
std::string findResourceDir(const char *Argv0);

} // namespace stallscan

#endif
