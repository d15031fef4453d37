//===--- SummaryFiles.h - Summaries and indexes on disk ---------*- C++ -*-===//
//
// Two on-disk forms of TU summaries, both versioned:
//  - a summary file: one TU, written by the compiler plugin during a build
//    (summary-out=), read by `stallscan link`;
//  - an index: every TU of a program, written by `stallscan --write-index`,
//    read by the per-TU front ends (plugin, clang-tidy module, clangd) so a
//    file's diagnostics see what other files' functions do (TUFrontEnd.h);
//    binary by default (BinaryIndex.h: mapped, no text to parse), JSON on
//    request. Both are read wherever an index is read.
// `stallscan link` accepts either (LinkInputs.h), and objects carrying
// summaries in a section (SummaryFrame.h).
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_DRIVER_SUMMARYFILES_H
#define STALLSCAN_DRIVER_SUMMARYFILES_H

#include "summary/Summary.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <nlohmann/json_fwd.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stallscan {

class StagedOutputFile;

struct SummarySet {
  std::vector<TUSummary> Units;
  /// The config the index was written with (absolute), or empty.
  std::string ConfigPath;
};

/// Writes one TU's summary atomically. Throws ConfigError on I/O errors.
void writeSummaryFile(const std::string &Path, const TUSummary &S);

/// The text of a summary file of \p S (what writeSummaryFile writes).
std::string summaryFileText(const TUSummary &S);

/// \p S with every path under the folder \p From moved under \p To (both
/// absolute), as -ffile-prefix-map does for debug info: summaries written
/// in per-action sandboxes (Bazel) then name the same files. Throws
/// ConfigError if the result is not a valid summary.
TUSummary remapSummaryPaths(const TUSummary &S, const std::string &From,
                            const std::string &To);

/// The units of an index, with what headers repeat stored once: the facts
/// of functions defined outside a unit's main file (inline functions and
/// templates of headers, seen by every TU that includes them) move into one
/// shared unit with an empty main file, deduplicated. Functions defined at
/// more than one place (separate programs), functions referring to those,
/// and functions with reactor loops stay in their units. Linking the result
/// gives the same program.
std::vector<TUSummary> shareHeaderFacts(const std::vector<TUSummary> &Units);

/// The units shareHeaderFacts gives, in its order, one at a time, without
/// copying \p Units (a 50,000-TU program's summaries are gigabytes): each
/// is given as one of \p Units with the functions whose facts moved out of
/// it (\p Moved: null when none did), and the shared unit last, with none.
void forEachSharedUnit(
    const std::vector<TUSummary> &Units,
    llvm::function_ref<void(const TUSummary &,
                            const std::function<bool(const std::string &)> *)>
        Visit);

enum class IndexFormat { Binary, Json };

/// Writes an index of \p Units atomically, header facts shared
/// (shareHeaderFacts). Throws ConfigError.
void writeIndex(const std::string &Path, const std::vector<TUSummary> &Units,
                const std::string &ConfigPath,
                IndexFormat Format = IndexFormat::Binary);

/// Writes a binary index of \p Units, header facts shared, as \p Out's
/// first part, as it is encoded (BinaryIndexEncoder): neither a copy of the
/// units nor the index's bytes are held: each unit's values go to the
/// output as it is encoded, and the child table waits in a temporary file
/// beside the output. With \p ResultsFollow, the header says that a
/// results section follows (Out's commit writes it). Returns "" or why the index could not be written (a full disk).
std::string writeBinaryIndexFirst(StagedOutputFile &Out,
                                  const std::vector<TUSummary> &Units,
                                  const std::string &ConfigPath,
                                  bool ResultsFollow);

/// Reads a summary file or an index (JSON or binary). Throws ConfigError
/// naming the file and what is wrong (missing, not JSON, not a stallscan
/// file, other version, a binary index truncated or malformed).
SummarySet readSummarySet(const std::string &Path);
/// The same for the text of a summary file or index; \p Origin names it in
/// errors ("lib.a(server.o)").
SummarySet readSummaryText(const std::string &Text, const std::string &Origin);

/// The same for the bytes of a binary index (BinaryIndex.h).
SummarySet readBinaryIndex(std::string_view Bytes, const std::string &Origin);

/// The same for parsed JSON.
SummarySet readSummaryJson(const nlohmann::json &J, const std::string &Origin);

} // namespace stallscan

#endif
