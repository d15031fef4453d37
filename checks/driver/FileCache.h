//===--- FileCache.h - Values read from files, once per change --*- C++ -*-===//
#ifndef STALLSCAN_DRIVER_FILECACHE_H
#define STALLSCAN_DRIVER_FILECACHE_H

#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace stallscan {

/// What a file holds, read once per process and again when the file's size
/// or modification time changes: editors and builds keep one process for
/// many files. Thread-safe; the file is read outside the lock, so a large
/// one does not stall the other threads.
template <typename T> class FileCache {
public:
  /// \p Load reads the file (and may throw); \p Missing is thrown, built
  /// from the path, when the file does not exist.
  template <typename LoadFn, typename MissingFn>
  std::shared_ptr<const T> get(const std::string &Path, LoadFn Load,
                               MissingFn Missing) {
    llvm::sys::fs::file_status St;
    if (llvm::sys::fs::status(Path, St))
      throw Missing(Path);
    {
      std::lock_guard<std::mutex> Lock(M);
      auto It = Entries.find(Path);
      if (It != Entries.end() && It->second.Size == St.getSize() &&
          It->second.MTime == St.getLastModificationTime())
        return It->second.Value;
    }
    auto Value = std::make_shared<const T>(Load(Path));
    std::lock_guard<std::mutex> Lock(M);
    Entries[Path] = {St.getSize(), St.getLastModificationTime(), Value};
    return Value;
  }

private:
  struct Entry {
    uint64_t Size = 0;
    llvm::sys::TimePoint<> MTime;
    std::shared_ptr<const T> Value;
  };
  std::mutex M;
  std::map<std::string, Entry> Entries;
};

} // namespace stallscan

#endif
