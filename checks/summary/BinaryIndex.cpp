//===--- BinaryIndex.cpp - The index of a program, binary -----------------===//
//
// The writer lays out each unit's JSON tree (the values to_json would give,
// which writeSummaryValues hands over without building the tree) in
// pre-order: a value's children come after it, each value has
// exactly one parent, and the values no container holds are the units'
// roots. The reader checks exactly that before anything is read, so that
// the strict reader can walk the tree with no check of its own beyond what
// it does for JSON: every slot is in the file, no walk can revisit a value
// or loop, and an object's keys are distinct (as a JSON parser ensures).
//
//===----------------------------------------------------------------------===//
#include "summary/BinaryIndex.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cstring>
#include <cassert>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

namespace stallscan {

namespace {

constexpr char Magic[8] = {'S', 'T', 'A', 'L', 'L', 'I', 'D', 'X'};
constexpr size_t HeaderSize = 64;
constexpr size_t ValueSize = 16;

template <typename T> T load(const char *P) {
  T V;
  std::memcpy(&V, P, sizeof V);
  return V;
}
template <typename T> void store(std::string &Out, T V) {
  char B[sizeof V];
  std::memcpy(B, &V, sizeof V);
  Out.append(B, sizeof V);
}

/// Zeros that bring \p Size to a multiple of 8.
uint64_t padding(uint64_t Size) { return (8 - Size % 8) % 8; }

/// Where the tables of an index with these counts start, from the start of
/// the index, and its size: the layout in BinaryIndex.h, for the writer and
/// the reader alike (the values start right after the header).
struct TableLayout {
  uint64_t Children, Roots, Offsets, Strings, Size;
  TableLayout(uint64_t NumValues, uint64_t NumChildren, uint64_t NumUnits,
        uint64_t NumStrings, uint64_t StringBytes) {
    Children = HeaderSize + NumValues * ValueSize;
    Roots = Children + NumChildren * 4;
    uint64_t RootsEnd = Roots + NumUnits * 4;
    Offsets = RootsEnd + padding(RootsEnd);
    Strings = Offsets + (NumStrings + 1) * 8;
    Size = Strings + StringBytes + padding(StringBytes);
  }
};

/// A value as the file holds it.
void appendValue(std::string &Out, const BinaryIndex::Value &V) {
  Out.push_back(static_cast<char>(V.K));
  Out.append(3, '\0');
  store<uint32_t>(Out, V.Key);
  store<uint64_t>(Out, V.Payload);
}

/// A temporary file that a table goes to while the units are encoded, read
/// back when the index is written; removed when done with.
class SpillFile {
public:
  /// False if the file cannot be made in \p Dir.
  bool open(const std::string &Dir, const char *Name) {
    llvm::SmallString<256> Model(Dir.empty() ? "." : Dir);
    llvm::sys::path::append(Model, std::string(".stallscan-") + Name +
                                       "-%%%%%%%%.tmp");
    int FD;
    if (llvm::sys::fs::createUniqueFile(Model, FD, Path))
      return false;
    // Interrupted (Ctrl-C), the run leaves no table behind (gigabytes at
    // 50,000 TUs), as the output's own temporary file does not stay either.
    llvm::sys::RemoveFileOnSignal(Path);
    OS = std::make_unique<llvm::raw_fd_ostream>(FD, /*shouldClose=*/true);
    return true;
  }
  ~SpillFile() {
    if (OS) {
      if (!Closed)
        OS->close(); // its last bytes flushed here, not in its destructor
      OS->clear_error(); // reported by copyTo, or moot after another error
    }
    OS.reset();
    if (!Path.empty()) {
      llvm::sys::fs::remove(Path);
      llvm::sys::DontRemoveFileOnSignal(Path);
    }
  }
  void write(const std::string &Bytes) { *OS << Bytes; }
  /// Copies what was written to \p To, a megabyte at a time.
  void copyTo(llvm::raw_ostream &To) {
    OS->close();
    Closed = true;
    if (OS->has_error())
      throw IndexSpillError(OS->error().message());
    int FD;
    if (std::error_code EC = llvm::sys::fs::openFileForRead(Path, FD))
      throw IndexSpillError(EC.message());
    std::vector<char> Buffer(1u << 20);
    for (;;) {
      llvm::Expected<size_t> N = llvm::sys::fs::readNativeFile(
          llvm::sys::fs::convertFDToNativeFile(FD), Buffer);
      if (!N) {
        llvm::sys::Process::SafelyCloseFileDescriptor(FD);
        throw IndexSpillError(llvm::toString(N.takeError()));
      }
      if (*N == 0)
        break;
      To.write(Buffer.data(), *N);
    }
    llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  }

private:
  llvm::SmallString<256> Path;
  std::unique_ptr<llvm::raw_fd_ostream> OS;
  bool Closed = false;
};

class Encoder {
public:
  /// The index goes to \p Out from where it stands: room for the header,
  /// then each unit's values as the unit is done.
  void writeTo(llvm::raw_pwrite_stream &Out) {
    OS = &Out;
    Start = Out.tell();
    Out.write_zeros(HeaderSize);
  }

  /// With \p SpillDir, the child table goes to a temporary file there as
  /// each unit is encoded, instead of staying in memory until the index is
  /// finished (0.4 GiB at 50,000 TUs). Without it, or if the file cannot be
  /// made, it stays in memory.
  void spillTo(const std::string &SpillDir) {
    auto C = std::make_unique<SpillFile>();
    if (C->open(SpillDir, "children"))
      SpilledChildren = std::move(C);
  }

  /// After a unit: its values go to the output, its children to the spill
  /// file if there is one.
  void unitDone() {
    std::string Bytes;
    Bytes.reserve(Values.size() * ValueSize);
    for (const BinaryIndex::Value &V : Values)
      appendValue(Bytes, V);
    *OS << Bytes;
    ValuesBefore += Values.size();
    Values.clear();
    if (!SpilledChildren)
      return;
    Bytes.clear();
    for (uint32_t C : Children)
      store<uint32_t>(Bytes, C);
    SpilledChildren->write(Bytes);
    ChildrenBefore += Children.size();
    Children.clear();
  }

  /// The number the next value gets.
  uint32_t nextValue() const {
    return static_cast<uint32_t>(ValuesBefore + Values.size());
  }

  uint32_t intern(llvm::StringRef S) {
    auto [It, New] = Ids.try_emplace(S, static_cast<uint32_t>(Table.size()));
    if (New)
      Table.push_back(It->first());
    return It->second;
  }

  /// Adds \p J and everything under it, laid out as put() lays out values
  /// given one at a time.
  void add(const nlohmann::json &J) {
    switch (J.type()) {
    case nlohmann::json::value_t::boolean:
      put(BinaryIndex::Bool, J.get<bool>());
      break;
    case nlohmann::json::value_t::number_integer:
      put(BinaryIndex::Int, static_cast<uint64_t>(J.get<int64_t>()));
      break;
    case nlohmann::json::value_t::number_unsigned:
      put(BinaryIndex::Unsigned, J.get<uint64_t>());
      break;
    case nlohmann::json::value_t::number_float: {
      double D = J.get<double>();
      uint64_t Bits;
      std::memcpy(&Bits, &D, sizeof D);
      put(BinaryIndex::Float, Bits);
      break;
    }
    case nlohmann::json::value_t::string:
      put(BinaryIndex::String, intern(J.get_ref<const std::string &>()));
      break;
    case nlohmann::json::value_t::array:
    case nlohmann::json::value_t::object:
      open(J.is_object(), J.size());
      for (auto It = J.begin(); It != J.end(); ++It) {
        if (J.is_object())
          keyOfNext(It.key());
        add(*It);
      }
      close();
      break;
    default:
      put(BinaryIndex::Null, 0);
      break;
    }
  }

  /// A value, given in the pre-order of its tree (a SummaryValueSink: no
  /// tree is built); a child of the innermost open container.
  uint32_t put(BinaryIndex::Kind K, uint64_t Payload) {
    uint32_t Key = BinaryIndex::None;
    if (!Opened.empty())
      Key = std::exchange(Opened.back().Key, BinaryIndex::None);
    uint32_t N = static_cast<uint32_t>(ValuesBefore + Values.size());
    Values.push_back({K, Key, Payload});
    if (!Opened.empty())
      Children[Opened.back().Slot + Opened.back().Next++] = N;
    return N;
  }
  void open(bool Object, size_t Count) {
    size_t Slot = Children.size();
    uint32_t First = static_cast<uint32_t>(ChildrenBefore + Slot);
    put(Object ? BinaryIndex::Object : BinaryIndex::Array,
        First | (static_cast<uint64_t>(Count) << 32));
    Children.resize(Children.size() + Count);
    Opened.push_back({Slot, 0, BinaryIndex::None});
  }
  void keyOfNext(std::string_view K) { Opened.back().Key = intern(K); }
  void close() { Opened.pop_back(); }

  /// Writes the rest of the index after the values, a megabyte at a time,
  /// freeing each table once it is out, then the header in front of them.
  /// With ResultsFollow, the header says that a results section starts
  /// right after the index (a reader finds none if nothing follows).
  void finish(const std::vector<uint32_t> &Roots, uint32_t Config,
              uint32_t Tool, bool ResultsFollow) {
    unitDone(); // values given outside any unit
    uint64_t NumValues = ValuesBefore,
             NumChildren = ChildrenBefore + Children.size();
    std::string Out;
    auto Spill = [&](bool Always) {
      if (Always || Out.size() >= (1u << 20)) {
        *OS << Out;
        Out.clear();
      }
    };
    if (SpilledChildren) {
      SpilledChildren->copyTo(*OS);
      SpilledChildren.reset();
    }
    for (uint32_t C : Children) {
      store<uint32_t>(Out, C);
      Spill(false);
    }
    decltype(Children)().swap(Children);
    uint64_t Bytes = 0;
    for (llvm::StringRef S : Table)
      Bytes += S.size();
    const TableLayout F(NumValues, NumChildren, Roots.size(), Table.size(),
                        Bytes);
    for (uint32_t R : Roots)
      store<uint32_t>(Out, R);
    Out.append(F.Offsets - (F.Roots + Roots.size() * 4), '\0');
    uint64_t At = 0;
    for (llvm::StringRef S : Table) {
      store<uint64_t>(Out, At);
      At += S.size();
      Spill(false);
    }
    store<uint64_t>(Out, At);
    for (llvm::StringRef S : Table) {
      Out += S;
      Spill(false);
    }
    Out.append(F.Size - (F.Strings + Bytes), '\0');
    Spill(true);
    std::string H;
    H.append(Magic, sizeof Magic);
    store<uint32_t>(H, BinaryIndexVersion);
    store<uint32_t>(H, static_cast<uint32_t>(SummaryFormatVersion));
    store<uint32_t>(H, static_cast<uint32_t>(Table.size()));
    store<uint32_t>(H, static_cast<uint32_t>(NumValues));
    store<uint32_t>(H, static_cast<uint32_t>(NumChildren));
    store<uint32_t>(H, static_cast<uint32_t>(Roots.size()));
    store<uint32_t>(H, Config);
    store<uint32_t>(H, Tool);
    store<uint64_t>(H, Bytes);
    store<uint64_t>(H, F.Size);
    store<uint64_t>(H, ResultsFollow ? F.Size : 0);
    decltype(Table)().swap(Table);
    decltype(Ids)().swap(Ids);
    OS->pwrite(H.data(), H.size(), Start);
  }

private:
  llvm::StringMap<uint32_t> Ids;  ///< its stored hashes spare most compares
  std::vector<llvm::StringRef> Table; ///< keys of Ids, by id
  llvm::raw_pwrite_stream *OS = nullptr; ///< where the index goes
  uint64_t Start = 0;                     ///< where in OS it starts
  std::vector<BinaryIndex::Value> Values; ///< the current unit's
  std::vector<uint32_t> Children;         ///< those not spilled yet
  uint64_t ValuesBefore = 0;              ///< written to OS
  uint64_t ChildrenBefore = 0;            ///< spilled
  struct OpenContainer {
    size_t Slot;   ///< its first child's place in Children
    uint32_t Next; ///< children given so far
    uint32_t Key;  ///< the next child's key (an object's)
  };
  std::vector<OpenContainer> Opened; ///< put()'s containers
  std::unique_ptr<SpillFile> SpilledChildren;
};

} // namespace

void attachBinaryIndexResults(std::string &Index, std::string_view Results) {
  uint64_t At = Index.size();
  std::memcpy(&Index[56], &At, sizeof At);
  Index.append(Results);
}

std::optional<std::string_view> binaryIndexResults(std::string_view Bytes) {
  if (!looksLikeBinaryIndex(Bytes) || Bytes.size() < HeaderSize)
    return std::nullopt;
  const char *H = Bytes.data();
  if (load<uint32_t>(H + 8) != BinaryIndexVersion ||
      load<uint32_t>(H + 12) != uint32_t(SummaryFormatVersion))
    return std::nullopt;
  uint64_t At = load<uint64_t>(H + 56);
  if (At == 0 || At != load<uint64_t>(H + 48) || At >= Bytes.size())
    return std::nullopt;
  return Bytes.substr(At);
}

bool looksLikeBinaryIndex(std::string_view Bytes) {
  return Bytes.size() >= sizeof Magic &&
         std::memcmp(Bytes.data(), Magic, sizeof Magic) == 0;
}

struct BinaryIndexEncoder::Impl {
  Encoder E;
  std::vector<uint32_t> Roots;
  /// An encoder held in memory: its bytes.
  llvm::SmallVector<char, 0> Held;
  std::optional<llvm::raw_svector_ostream> HeldStream;
};

BinaryIndexEncoder::BinaryIndexEncoder(llvm::raw_pwrite_stream &OS,
                                       const std::string &SpillDir)
    : P(std::make_unique<Impl>()) {
  P->E.writeTo(OS);
  if (!SpillDir.empty())
    P->E.spillTo(SpillDir);
}
BinaryIndexEncoder::BinaryIndexEncoder() : P(std::make_unique<Impl>()) {
  P->HeldStream.emplace(P->Held);
  P->E.writeTo(*P->HeldStream);
}
BinaryIndexEncoder::~BinaryIndexEncoder() = default;

namespace {
/// A unit's values straight into the encoder (writeSummaryValues), laid out
/// as its JSON tree would be, without the tree.
class EncoderSink : public SummaryValueSink {
public:
  explicit EncoderSink(Encoder &E) : E(E) {}
  void beginObject(size_t N) override { E.open(true, N); }
  void key(std::string_view K) override { E.keyOfNext(K); }
  void beginArray(size_t N) override { E.open(false, N); }
  void end() override { E.close(); }
  void string(std::string_view S) override {
    E.put(BinaryIndex::String, E.intern(S));
  }
  void integer(int64_t V) override {
    E.put(BinaryIndex::Int, static_cast<uint64_t>(V));
  }
  void unsignedInteger(uint64_t V) override {
    E.put(BinaryIndex::Unsigned, V);
  }
  void boolean(bool B) override { E.put(BinaryIndex::Bool, B); }

private:
  Encoder &E;
};
} // namespace

void BinaryIndexEncoder::add(const TUSummary &U) { add(U, nullptr); }

void BinaryIndexEncoder::add(
    const TUSummary &U, const std::function<bool(const std::string &)> *Drop) {
  EncoderSink Sink(P->E);
  uint32_t Root = P->E.nextValue();
  if (Drop)
    writeSummaryValues(U, Sink, *Drop);
  else
    writeSummaryValues(U, Sink);
  P->Roots.push_back(Root);
  P->E.unitDone();
}

void BinaryIndexEncoder::addTree(const nlohmann::json &Unit) {
  P->Roots.push_back(P->E.nextValue());
  P->E.add(Unit);
  P->E.unitDone();
}

std::string BinaryIndexEncoder::finish(const std::string &ConfigPath,
                                       const std::string &Tool) {
  assert(P->HeldStream && "an encoder writing to a stream of its own");
  finish(ConfigPath, Tool, /*ResultsFollow=*/false);
  return std::string(P->Held.begin(), P->Held.end());
}

void BinaryIndexEncoder::finish(const std::string &ConfigPath,
                                const std::string &Tool, bool ResultsFollow) {
  uint32_t Config =
      ConfigPath.empty() ? BinaryIndex::None : P->E.intern(ConfigPath);
  uint32_t ToolId = P->E.intern(Tool);
  P->E.finish(P->Roots, Config, ToolId, ResultsFollow);
}

std::string encodeBinaryIndex(const std::vector<TUSummary> &Units,
                              const std::string &ConfigPath,
                              const std::string &Tool) {
  BinaryIndexEncoder E;
  for (const TUSummary &U : Units)
    E.add(U);
  return E.finish(ConfigPath, Tool);
}

std::string encodeBinaryIndexTrees(const std::vector<nlohmann::json> &Units,
                                   const std::string &ConfigPath,
                                   const std::string &Tool) {
  BinaryIndexEncoder E;
  for (const nlohmann::json &J : Units)
    E.addTree(J);
  return E.finish(ConfigPath, Tool);
}

BinaryIndex::BinaryIndex(std::string_view B) : Bytes(B) {
  auto Fail = [](const std::string &Why) {
    return BinaryIndexError("malformed binary index: " + Why);
  };
  if (!looksLikeBinaryIndex(B))
    throw BinaryIndexError("not a binary stallscan index");
  if (B.size() < HeaderSize)
    throw Fail("truncated: " + std::to_string(B.size()) +
               " bytes, shorter than its header");
  const char *H = B.data();
  uint32_t Frame = load<uint32_t>(H + 8), Format = load<uint32_t>(H + 12);
  if (Frame != BinaryIndexVersion || Format != uint32_t(SummaryFormatVersion))
    throw BinaryIndexError(
        "written by another stallscan version (binary index " +
        std::to_string(Frame) + ", format " + std::to_string(Format) +
        "; this one reads binary index " + std::to_string(BinaryIndexVersion) +
        ", format " + std::to_string(SummaryFormatVersion) +
        "); write it again with `stallscan --write-index`");
  NumStrings = load<uint32_t>(H + 16);
  NumValues = load<uint32_t>(H + 20);
  NumChildren = load<uint32_t>(H + 24);
  NumUnits = load<uint32_t>(H + 28);
  Config = load<uint32_t>(H + 32);
  uint32_t Tool = load<uint32_t>(H + 36);
  uint64_t StringBytes = load<uint64_t>(H + 40);
  uint64_t Size = load<uint64_t>(H + 48);
  if (NumStrings == None || StringBytes > B.size())
    throw Fail("truncated: the string table is larger than the file");
  const TableLayout F(NumValues, NumChildren, NumUnits, NumStrings,
                      StringBytes);
  uint64_t Expected = F.Size;
  // Stored results (StoredResults.h) follow the index, where its header
  // says; the index is the bytes before them.
  uint64_t Results = load<uint64_t>(H + 56);
  if (Results != 0 && (Results != Size || Size >= B.size()))
    throw Fail("its stored results are not where its header says (at " +
               std::to_string(Results) + " of " + std::to_string(B.size()) +
               " bytes)");
  if (Results != 0)
    B = Bytes = B.substr(0, Size);
  if (Size != B.size() || Expected != B.size())
    throw Fail((B.size() < Expected || B.size() < Size ? "truncated: "
                                                        : "wrong size: ") +
               std::to_string(B.size()) + " bytes, its header says " +
               std::to_string(Size) + " and its counts " +
               std::to_string(Expected));
  Values = H + HeaderSize;
  Children = H + F.Children;
  Roots = H + F.Roots;
  Offsets = H + F.Offsets;
  Strings = H + F.Strings;

  uint64_t Prev = 0;
  for (uint32_t I = 0; I <= NumStrings; ++I) {
    uint64_t O = load<uint64_t>(Offsets + uint64_t(I) * 8);
    if (O < Prev || O > StringBytes || (I == 0 && O != 0) ||
        (I == NumStrings && O != StringBytes))
      throw Fail("string " + std::to_string(I) + " is out of its table");
    Prev = O;
  }
  // As a JSON parser would, so that what is read can be written as JSON.
  const auto *Text = reinterpret_cast<const llvm::UTF8 *>(Strings);
  if (!llvm::isLegalUTF8String(&Text, Text + StringBytes))
    throw Fail("a string is not valid UTF-8 (at byte " +
               std::to_string(reinterpret_cast<const char *>(Text) - Strings) +
               " of the table)");
  if ((Config != None && Config >= NumStrings) || Tool >= NumStrings)
    throw Fail("the header names a string that does not exist");

  // Every value has one parent that comes before it, or is a unit's root.
  std::vector<bool> HasParent(NumValues, false);
  std::vector<std::string_view> Keys;
  for (uint32_t N = 0; N < NumValues; ++N) {
    Value V = value(N);
    auto Where = [&] { return "value " + std::to_string(N); };
    if (V.K > Object)
      throw Fail(Where() + " has an unknown kind");
    if (V.K == Bool && V.Payload > 1)
      throw Fail(Where() + " is a boolean other than true or false");
    if (V.K == String && V.Payload >= NumStrings)
      throw Fail(Where() + " names a string that does not exist");
    if (V.K != Array && V.K != Object)
      continue;
    uint64_t First = uint32_t(V.Payload), Count = V.Payload >> 32;
    if (First + Count > NumChildren)
      throw Fail(Where() + " has children out of the file");
    Keys.clear();
    for (uint64_t I = 0; I < Count; ++I) {
      uint32_t C = load<uint32_t>(Children + (First + I) * 4);
      if (C <= N || C >= NumValues || HasParent[C])
        throw Fail(Where() + ": child " + std::to_string(I) +
                   " is not a value of its own after it");
      HasParent[C] = true;
      uint32_t Key = value(C).Key;
      if (V.K == Object && (Key == None || Key >= NumStrings))
        throw Fail(Where() + ": member " + std::to_string(I) + " has no key");
      if (V.K == Array && Key != None)
        throw Fail(Where() + ": element " + std::to_string(I) + " has a key");
      if (V.K == Object)
        Keys.push_back(string(Key));
    }
    std::sort(Keys.begin(), Keys.end());
    if (auto D = std::adjacent_find(Keys.begin(), Keys.end()); D != Keys.end())
      throw Fail(Where() + " has the key '" + std::string(*D) + "' twice");
  }
  uint32_t Prior = 0;
  for (uint32_t I = 0; I < NumUnits; ++I) {
    uint32_t R = load<uint32_t>(Roots + uint64_t(I) * 4);
    if (R >= NumValues || HasParent[R] || (I > 0 && R <= Prior))
      throw Fail("unit " + std::to_string(I) + " is not a root value");
    if (value(R).Key != None)
      throw Fail("unit " + std::to_string(I) + " has a key");
    HasParent[R] = true;
    Prior = R;
  }
  if (std::find(HasParent.begin(), HasParent.end(), false) != HasParent.end())
    throw Fail("a value belongs to no unit");
  Paths.resize(NumStrings);
}

BinaryIndex::Value BinaryIndex::value(uint32_t N) const {
  const char *P = Values + uint64_t(N) * ValueSize;
  return {static_cast<Kind>(static_cast<uint8_t>(P[0])), load<uint32_t>(P + 4),
          load<uint64_t>(P + 8)};
}

uint32_t BinaryIndex::child(uint32_t First, uint32_t I) const {
  return load<uint32_t>(Children + (uint64_t(First) + I) * 4);
}

std::string_view BinaryIndex::string(uint32_t S) const {
  uint64_t From = load<uint64_t>(Offsets + uint64_t(S) * 8);
  uint64_t To = load<uint64_t>(Offsets + uint64_t(S) * 8 + 8);
  return std::string_view(Strings + From, To - From);
}

FilePath BinaryIndex::filePath(uint32_t S) const {
  std::optional<FilePath> &P = Paths[S];
  if (!P)
    P = FilePath(string(S));
  return *P;
}

TUSummary BinaryIndex::unit(size_t I) const {
  return readSummary(
      BinaryValue(*this, load<uint32_t>(Roots + uint64_t(I) * 4)));
}

std::optional<std::string_view> BinaryIndex::configPath() const {
  if (Config == None)
    return std::nullopt;
  return string(Config);
}

} // namespace stallscan
