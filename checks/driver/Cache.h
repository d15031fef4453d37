//===--- Cache.h - The summary cache of the driver --------------*- C++ -*-===//
#ifndef STALLSCAN_DRIVER_CACHE_H
#define STALLSCAN_DRIVER_CACHE_H

#include "driver/Driver.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace stallscan {

/// A file the TU read: as Clang opened it, its size and modification time
/// (nanoseconds) when it was opened, and the hash of the bytes parsed.
struct Dependency {
  std::string Path;
  uint64_t Size = 0;
  int64_t MTimeNs = 0;
  uint64_t Hash = 0;
};

/// The physical file system, noting what the parse looked at: the status of
/// each file it opened, and every path it looked for that did not exist
/// (include-path candidates before the one found, __has_include probes,
/// the driver's GCC and CUDA detection). A header that appears on one of
/// those paths later would change the parse.
class RecordingFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  explicit RecordingFileSystem(
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
      : ProxyFileSystem(std::move(FS)) {}
  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &Path) override;
  bool exists(const llvm::Twine &Path) override;
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override;

  std::map<std::string, llvm::vfs::Status> Opened; ///< absolute path -> status
  std::set<std::string> Absent;                    ///< absolute paths

private:
  std::string absolute(const llvm::Twine &Path);
};

/// A modification time as the cache entries record it.
int64_t nanoseconds(llvm::sys::TimePoint<> T);

/// The cache key of a TU: its sanitised command line, directory, file, the
/// catalog, the tool's version and binary, and the entry format.
std::string cacheKey(const CompileJob &Job,
                     const std::vector<std::string> &Args, const Catalog &Cat);
std::string cachePath(const std::string &Dir, const std::string &Key);

/// The files a run's cache entries name, each looked at once: the TUs of a
/// program read mostly the same headers (muduo's 215 TUs record about 1,700
/// files and absent paths each, some 3,000 different ones), so a warm run
/// stats each path once and hashes a file at most once, instead of once per
/// TU that read it.
class FileStates {
public:
  /// Whether \p Path has the content a TU parsed: same size and time, the
  /// time older than the parse by more than the racy window; else the same
  /// content hash.
  bool unchanged(const std::string &Path, uint64_t Size, int64_t MTimeNs,
                 uint64_t Hash, int64_t ParsedAtNs);
  /// Whether \p Path still does not exist.
  bool stillAbsent(const std::string &Path);

private:
  struct State {
    bool Exists = false;
    uint64_t Size = 0;
    int64_t MTimeNs = 0;
    bool Hashed = false, Readable = false;
    uint64_t Hash = 0;
  };
  State &stat(const std::string &Path);
  std::unordered_map<std::string, State> States;
};

/// A hit when every dependency still has the content parsed and no absent
/// path has appeared. A damaged or old entry is a miss, never an error.
/// \p Files remembers what was looked at for the next entries of the run.
bool loadCached(const std::string &Path, TUSummary &Out, FileStates &Files);

/// Writes the entry atomically. Returns why it could not (empty: stored).
std::string storeCached(const std::string &Path, const TUSummary &S,
                        const std::vector<Dependency> &Deps,
                        const std::set<std::string> &Absent,
                        llvm::sys::TimePoint<> ParsedAt);

} // namespace stallscan

#endif
