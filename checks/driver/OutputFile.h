//===--- OutputFile.h - Writing reports and indexes safely ------*- C++ -*-===//
#ifndef STALLSCAN_DRIVER_OUTPUTFILE_H
#define STALLSCAN_DRIVER_OUTPUTFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>

namespace llvm {
class raw_ostream;
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

/// Flushes standard output; the reason it failed (EPIPE, ENOSPC) or "".
/// Clears the stream's error so that exit does not abort on it.
std::string flushStdout();

} // namespace stallscan

#endif
