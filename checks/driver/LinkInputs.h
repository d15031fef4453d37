//===--- LinkInputs.h - What `stallscan link` reads -------------*- C++ -*-===//
//
// `stallscan link` takes summary files, indexes, object files, static
// archives, linked binaries and shared objects, and folders of them (a
// build tree). Summaries in objects are the records of the `.stallscan`
// section the plugin writes with `embed` (SummaryFrame.h), found with
// LLVM's Object library: the files are only read, never loaded or run.
//
// Only the `stallscan` CLI references this file, so the loadable modules
// (plugin, clang-tidy module), which link our library's archive, pull in
// none of the Object library.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_DRIVER_LINKINPUTS_H
#define STALLSCAN_DRIVER_LINKINPUTS_H

#include "report/Report.h"
#include "summary/Summary.h"
#include <string>
#include <vector>

namespace stallscan {

struct LinkInputs {
  /// Every unit, sorted by main file; exact duplicates (one object in an
  /// archive and in the binary linked from it) kept once, the first read.
  std::vector<TUSummary> Units;
  /// Records in objects that could not be read (another format version,
  /// corrupt): the file ("lib.a(x.o)" for an archive member) and why. The
  /// other summaries are still linked.
  std::vector<TUError> Unreadable;
  size_t Duplicates = 0;
};

/// Reads every summary of \p Paths: files given by name must hold at least
/// one (a summary file, an index, or an object with a `.stallscan`
/// section); folders are searched recursively for *.stallscan.json files
/// and for ELF objects, archives and binaries, where objects without the
/// section are passed over; symbolic links are not followed. Files are
/// read on \p Jobs threads (0: one per core).
/// Throws ConfigError for a named file that cannot be read or holds no
/// summary, a summary file that does not read, and a folder without any.
LinkInputs readLinkInputs(const std::vector<std::string> &Paths,
                          unsigned Jobs = 0);

} // namespace stallscan

#endif
