//===--- SummaryFrame.h - TU summaries inside object files ------*- C++ -*-===//
//
// A TU summary carried inside the object file the TU compiles to, so it
// travels wherever the object goes: back from a distcc or icecream helper,
// into and out of a ccache or sccache cache, into static archives and linked
// binaries. The compiler plugin (embed) writes one record into a non-alloc
// ELF section, `.stallscan`; a linker concatenates the sections of every
// object it links, so a section holds one record or many, back to back.
//
// A record is framed so it can be found, checked and skipped on its own:
//
//   offset size
//     0     8   magic "STLSCAN\x01"
//     8     4   summary format version (SummaryFormatVersion), little-endian
//    12     4   encoding: 0 plain JSON, 1 zlib-compressed JSON
//    16     8   length of the payload as stored
//    24     8   length of the JSON text (after decompression)
//    32     8   xxh3-64 of the stored payload
//    40     -   payload: the text of a summary file (SummaryFiles.h)
//
// Zero bytes between records (alignment padding) are skipped.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_DRIVER_SUMMARYFRAME_H
#define STALLSCAN_DRIVER_SUMMARYFRAME_H

#include "llvm/ADT/StringRef.h"
#include <functional>
#include <string>

namespace stallscan {

struct TUSummary;

/// The name of the section the plugin writes (ELF).
constexpr const char *SummarySectionName = ".stallscan";

/// One framed record holding \p S, compressed when zlib is available.
std::string encodeSummaryRecord(const TUSummary &S);

/// The assembler text that places \p Record in the `.stallscan` section:
/// a non-alloc section (no run-time cost), emitted by the compile as
/// module-level inline assembly. \p PercentType: `%progbits` (ARM, where
/// '@' starts a comment) instead of `@progbits`.
std::string summarySectionAsm(llvm::StringRef Record, bool PercentType);

/// Splits a section's bytes into records. For each one, \p OnRecord gets
/// the JSON text of the summary file it holds; a record that cannot be read
/// (another format version, bad checksum, truncated) goes to \p OnError with
/// its offset and the reason. After an unreadable frame header the rest of
/// the section cannot be split and is given up.
void splitSummaryRecords(
    llvm::StringRef Section,
    const std::function<void(std::string Json)> &OnRecord,
    const std::function<void(uint64_t Offset, std::string Why)> &OnError);

} // namespace stallscan

#endif
