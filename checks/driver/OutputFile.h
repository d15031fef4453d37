//===--- OutputFile.h - Writing reports and indexes safely ------*- C++ -*-===//
#ifndef STALLSCAN_DRIVER_OUTPUTFILE_H
#define STALLSCAN_DRIVER_OUTPUTFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <string>

namespace llvm {
class raw_ostream;
class raw_pwrite_stream;
} // namespace llvm

namespace stallscan {

/// Writes what \p Write produces to \p Path. A regular file (or a symlink's
/// target) is replaced atomically: the old contents stay unless every byte
/// of the new ones reached the disk. A FIFO, a device or a path under /dev or
/// /proc is written through, and "-" is standard output. Returns "" on
/// success, else the reason ("No space left on device").
std::string
writeOutputFile(const std::string &Path,
                llvm::function_ref<void(llvm::raw_ostream &)> Write);

/// An output written in two parts at different times (an index before the
/// link, its stored results once the checks have run), replaced as
/// writeOutputFile replaces a file. A regular file's first part goes to the
/// temporary file at once, so that it need not be held in memory; where the
/// output cannot be replaced by a rename (standard output, a FIFO, a
/// device), the first part is kept in memory and all is written by commit.
/// Destroyed uncommitted, it leaves the old output as it was.
class StagedOutputFile {
public:
  explicit StagedOutputFile(std::string Path);
  ~StagedOutputFile();
  StagedOutputFile(const StagedOutputFile &) = delete;
  StagedOutputFile &operator=(const StagedOutputFile &) = delete;
  /// Writes the first part; \p Write may go back over what it wrote
  /// (pwrite). Returns "" or the reason it failed.
  std::string
  writeFirst(llvm::function_ref<void(llvm::raw_pwrite_stream &)> Write);
  /// Writes the rest after it and puts the output in place. Returns "" or
  /// the reason it failed (the old output then stays).
  std::string commit(llvm::function_ref<void(llvm::raw_ostream &)> Write);
  /// The folder where temporary files that go with the output belong: its
  /// parent folder, "." for a name without one (and for "-").
  std::string folder() const;

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

/// Flushes standard output; the reason it failed (EPIPE, ENOSPC) or "".
/// Clears the stream's error so that exit does not abort on it.
std::string flushStdout();

} // namespace stallscan

#endif
