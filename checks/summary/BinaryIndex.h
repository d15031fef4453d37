//===--- BinaryIndex.h - The index of a program, binary ---------*- C++ -*-===//
//
// The index a per-TU front end reads (written by `stallscan --write-index`)
// in a form it can use without parsing text: the same tree of values as the
// JSON index, every string stored once in a table, every value a fixed-size
// record, each unit a root that can be found without reading the others.
// A front end maps the file, checks its frame once (sizes, bounds, one
// parent per value, no duplicate keys: nothing it reads can point outside
// the file or loop), then reads each unit with the same strict reader as
// JSON summaries (SummaryReader.h), so what reads is equally safe to link.
//
// Layout (little-endian), all sizes fixed by the header:
//
//   header      64 bytes: "STALLIDX", container version, summary format
//               version, counts of strings, values, child slots and units,
//               the config path's and the tool's string (or none), the
//               size of the string bytes and of the index, and where the
//               stored results start (0: none)
//   values      16 bytes each: kind (u8), 3 zero bytes, key (u32: the
//               member's name in the string table, none for elements),
//               payload (u64: a number, a string, or first child slot and
//               count for a container)
//   children    u32 each: a container's children are consecutive slots
//   units       u32 each: the root value of each unit, in order, then zeros
//               up to a multiple of 8
//   offsets     (strings + 1) x u64: where each string starts and ends
//   bytes       the strings, then zeros up to a multiple of 8
//   results     optional, after the index: the findings of the whole
//               program, for front ends (driver/StoredResults.h)
//
// The values come first so that a writer can put each unit's values in the
// file as soon as the unit is encoded (most of the index: 1.6 GiB of 2.2 at
// 50,000 TUs), before the string table is complete; the header, written
// last, goes back in front of them.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_SUMMARY_BINARYINDEX_H
#define STALLSCAN_SUMMARY_BINARYINDEX_H

#include "summary/Summary.h"
#include <nlohmann/json_fwd.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
class raw_pwrite_stream;
} // namespace llvm

namespace stallscan {

/// Bumped whenever the binary frame changes (what the units hold is
/// versioned by SummaryFormatVersion, which the header also carries).
constexpr uint32_t BinaryIndexVersion = 3;

/// Whether \p Bytes start like a binary index.
bool looksLikeBinaryIndex(std::string_view Bytes);

/// Encodes a binary index one unit at a time, so that the units need not
/// all be held (shared) at once: add them in order, then finish.
class BinaryIndexEncoder {
public:
  /// Writes the index to \p OS from where it stands: each unit's values as
  /// the unit is added, the rest (children, units, strings) by finish(),
  /// which then writes the header in front of the values. With \p
  /// SpillDir, the child table waits in a temporary file in that folder
  /// until then; without it, or if the file cannot be made, in memory.
  explicit BinaryIndexEncoder(llvm::raw_pwrite_stream &OS,
                              const std::string &SpillDir = "");
  /// Held in memory: finish(ConfigPath, Tool) returns the bytes.
  BinaryIndexEncoder();
  ~BinaryIndexEncoder();
  BinaryIndexEncoder(const BinaryIndexEncoder &) = delete;
  BinaryIndexEncoder &operator=(const BinaryIndexEncoder &) = delete;
  void add(const TUSummary &Unit);
  /// \p Unit without the facts of the functions \p Drop names, if given
  /// (writeSummaryValues).
  void add(const TUSummary &Unit,
           const std::function<bool(const std::string &)> *Drop);
  /// A unit given as a JSON tree (any values: what the reader then accepts
  /// is the strict reader's business).
  void addTree(const nlohmann::json &Unit);
  /// The index's bytes (an encoder held in memory); \p ConfigPath may be
  /// empty (none).
  std::string finish(const std::string &ConfigPath, const std::string &Tool);
  /// Completes the index in the stream the encoder writes to, its tables
  /// freed as they go out; with \p ResultsFollow, the header says that a
  /// results section follows the index (none is found if nothing does).
  /// Throws IndexSpillError if the spilled child table is lost (a full
  /// disk).
  void finish(const std::string &ConfigPath, const std::string &Tool,
              bool ResultsFollow);

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

/// The bytes of a binary index of \p Units (already shared as writeIndex
/// shares them). \p ConfigPath may be empty (none).
std::string encodeBinaryIndex(const std::vector<TUSummary> &Units,
                              const std::string &ConfigPath,
                              const std::string &Tool);

/// The same for units given as JSON trees (any values at all: what the
/// reader then accepts is the strict reader's business). For tests.
std::string encodeBinaryIndexTrees(const std::vector<nlohmann::json> &Units,
                                   const std::string &ConfigPath,
                                   const std::string &Tool);

/// Appends a results section (StoredResults.h) to the bytes of an index,
/// and says where it starts in the index's header.
void attachBinaryIndexResults(std::string &Index, std::string_view Results);

/// The results section of a binary index of this version, if it has one:
/// its header is all that is read.
std::optional<std::string_view> binaryIndexResults(std::string_view Bytes);

/// A table the encoder spilled to a temporary file could not be written or
/// read back; what() is the reason ("No space left on device").
class IndexSpillError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// What is wrong with a binary index's frame, or its version.
class BinaryIndexError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class BinaryValue;

/// A checked view of the bytes of a binary index; the bytes must outlive it.
class BinaryIndex {
public:
  /// Checks the frame; throws BinaryIndexError ("truncated: ...", "written
  /// by another stallscan version ...").
  explicit BinaryIndex(std::string_view Bytes);

  size_t units() const { return NumUnits; }
  /// Unit \p I read by the strict reader: throws SummaryFormatError.
  TUSummary unit(size_t I) const;
  std::optional<std::string_view> configPath() const;

  // For the reader (SummaryReader.cpp).
  enum Kind : uint8_t { Null, Bool, Int, Unsigned, Float, String, Array, Object };
  struct Value {
    Kind K;
    uint32_t Key;
    uint64_t Payload;
  };
  Value value(uint32_t N) const;
  uint32_t child(uint32_t First, uint32_t I) const;
  std::string_view string(uint32_t S) const;
  /// The interned path of string \p S (locations repeat a few files).
  FilePath filePath(uint32_t S) const;

  static constexpr uint32_t None = 0xffffffffu;

private:
  std::string_view Bytes;
  uint32_t NumStrings = 0, NumValues = 0, NumChildren = 0, NumUnits = 0;
  uint32_t Config = None;
  const char *Offsets = nullptr, *Strings = nullptr, *Values = nullptr,
             *Children = nullptr, *Roots = nullptr;
  mutable std::vector<std::optional<FilePath>> Paths;
};

/// A value of a binary index, as the strict reader walks it.
class BinaryValue {
public:
  BinaryValue(const BinaryIndex &D, uint32_t N) : D(&D), N(N), V(D.value(N)) {}
  bool is_string() const { return V.K == BinaryIndex::String; }
  bool is_boolean() const { return V.K == BinaryIndex::Bool; }
  bool is_number_integer() const {
    return V.K == BinaryIndex::Int || V.K == BinaryIndex::Unsigned;
  }
  bool is_number_unsigned() const { return V.K == BinaryIndex::Unsigned; }
  bool is_array() const { return V.K == BinaryIndex::Array; }
  bool is_object() const { return V.K == BinaryIndex::Object; }
  size_t size() const {
    return is_array() || is_object() ? static_cast<uint32_t>(V.Payload >> 32)
           : V.K == BinaryIndex::Null ? 0
                                      : 1;
  }
  BinaryValue child(size_t I) const {
    return BinaryValue(*D, D->child(static_cast<uint32_t>(V.Payload),
                                    static_cast<uint32_t>(I)));
  }
  std::string_view key() const {
    return V.Key == BinaryIndex::None ? std::string_view() : D->string(V.Key);
  }
  std::string_view str() const {
    return D->string(static_cast<uint32_t>(V.Payload));
  }
  FilePath filePath() const {
    return D->filePath(static_cast<uint32_t>(V.Payload));
  }
  uint64_t payload() const { return V.Payload; }

private:
  const BinaryIndex *D;
  uint32_t N;
  BinaryIndex::Value V;
};

/// Reads one unit's tree strictly (SummaryReader.cpp).
TUSummary readSummary(const BinaryValue &J);

} // namespace stallscan

#endif
