// The binary index: it reads back exactly what the JSON index holds, and
// every damaged file (cut short, another version, a value pointing
// backwards or outside, a bit flipped anywhere) is a ConfigError that says
// what is wrong, never a crash.
#include "driver/Config.h"
#include "driver/SummaryFiles.h"
#include "summary/BinaryIndex.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>

using namespace stallscan;
using json = nlohmann::json;

namespace {

TUSummary unitWithReactor(const std::string &Main, const std::string &P) {
  TUSummary S;
  S.MainFile = Main;
  S.Functions = {{P + "loop", "loop", {Main, 1, 1}, false, false, {}},
                 {P + "handle", "handle", {Main, 9, 1}, false, false, {}},
                 {"c:@inline", "inline", {"/src/common.h", 3, 1}, false, false,
                  {}}};
  S.Reactors = {{P + "loop", "epoll_wait", {Main, 2, 3}}};
  CallFact C{P + "loop", P + "handle", {Main, 3, 5}, false, false, 0, {}, {}};
  C.Held.push_back({"global:mu", "mu", {Main, 2, 1}, false, {}, false});
  S.Calls = {C, {P + "handle", "c:@inline", {Main, 10, 3}}};
  BlockingFact B;
  B.Caller = P + "handle";
  B.Api = "usleep";
  B.Kind = "sleep";
  B.Where = {Main, 11, 3};
  S.Blocking = {B};
  S.FileFds = {"local:fd"};
  S.normalise();
  return S;
}

std::vector<TUSummary> sampleUnits() {
  return {unitWithReactor("/src/a.cpp", "c:@a:"),
          unitWithReactor("/src/b.cpp", "c:@b:")};
}

std::string bytesOf(const std::vector<TUSummary> &Units) {
  return encodeBinaryIndex(Units, "/src/.stallscan.json", "test");
}

std::string errorOf(std::string_view Bytes) {
  try {
    readBinaryIndex(Bytes, "i.bin");
  } catch (const ConfigError &E) {
    return E.what();
  }
  return "accepted";
}

json asJson(const SummarySet &Set) {
  json J = json::array();
  for (const TUSummary &U : Set.Units)
    J.push_back(U);
  return {{"units", J}, {"config", Set.ConfigPath}};
}

/// Where an index's tables start, from its header's counts (the layout in
/// BinaryIndex.h).
struct TablesOf {
  size_t Values, Children, Units, Offsets, Strings;
  explicit TablesOf(const std::string &B) {
    auto Count = [&](size_t At) {
      uint32_t V;
      std::memcpy(&V, &B[At], 4);
      return size_t(V);
    };
    Values = 64;
    Children = Values + Count(20) * 16;
    Units = Children + Count(24) * 4;
    Offsets = (Units + Count(28) * 4 + 7) / 8 * 8;
    Strings = Offsets + (Count(16) + 1) * 8;
  }
};

std::string tempPath(const char *Name) {
  llvm::SmallString<128> P;
  llvm::sys::fs::createTemporaryFile(Name, "idx", P);
  return std::string(P);
}

} // namespace

TEST(BinaryIndexTest, ReadsBackWhatItWrites) {
  std::vector<TUSummary> Units = sampleUnits();
  SummarySet Set = readBinaryIndex(bytesOf(Units), "i.bin");
  ASSERT_EQ(Set.Units.size(), 2u);
  EXPECT_EQ(json(Set.Units[0]), json(Units[0]));
  EXPECT_EQ(json(Set.Units[1]), json(Units[1]));
  EXPECT_EQ(Set.ConfigPath, "/src/.stallscan.json");
  // Locations of the same file share one interned path.
  EXPECT_EQ(Set.Units[0].Functions[0].Where.File.c_str(),
            Set.Units[0].Reactors[0].Where.File.c_str());
}

// A unit's values given one at a time (writeSummaryValues) and its JSON
// tree are laid out the same, byte for byte.
TEST(BinaryIndexTest, ValuesAndTreesGiveTheSameBytes) {
  std::vector<TUSummary> Units = sampleUnits();
  std::vector<json> Trees;
  for (const TUSummary &U : Units)
    Trees.push_back(U);
  EXPECT_EQ(bytesOf(Units),
            encodeBinaryIndexTrees(Trees, "/src/.stallscan.json", "test"));
}

// Written to a stream as units are added, with the child table spilled to
// a temporary file, the index has the same bytes as held in memory, and the
// file is gone after; a folder it cannot be made in leaves the table in
// memory. The values are in the stream before the index is finished.
TEST(BinaryIndexTest, StreamedIndexGivesTheSameBytes) {
  std::vector<TUSummary> Units = sampleUnits();
  Units.push_back(unitWithReactor("/src/c.cpp", "c:@c:"));
  std::string InMemory = bytesOf(Units);
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("spill", Dir));
  auto Files = [&] {
    std::error_code EC;
    size_t N = 0;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC))
      ++N;
    return N;
  };
  for (std::string Folder :
       {std::string(Dir), std::string(Dir) + "/no/such/folder"}) {
    llvm::SmallVector<char, 0> Bytes;
    llvm::raw_svector_ostream OS(Bytes);
    OS << "before|"; // the index starts where the stream stands
    BinaryIndexEncoder E(OS, Folder);
    for (const TUSummary &U : Units)
      E.add(U);
    if (Folder == std::string(Dir))
      EXPECT_EQ(Files(), 1u) << "the child table is spilled as units come";
    size_t Values = TablesOf(InMemory).Children - 64;
    EXPECT_EQ(Bytes.size(), 7 + 64 + Values)
        << "the header's room and every unit's values are out";
    E.finish("/src/.stallscan.json", "test", /*ResultsFollow=*/false);
    EXPECT_EQ(std::string(Bytes.begin(), Bytes.end()), "before|" + InMemory)
        << Folder;
    EXPECT_EQ(Files(), 0u);
  }
  llvm::sys::fs::remove(Dir);
}

TEST(BinaryIndexTest, HoldsWhatTheJsonIndexHolds) {
  std::vector<TUSummary> Units = sampleUnits();
  std::string Bin = tempPath("bin"), Json = tempPath("json");
  writeIndex(Bin, Units, "/src/.stallscan.json", IndexFormat::Binary);
  writeIndex(Json, Units, "/src/.stallscan.json", IndexFormat::Json);
  auto Head = llvm::MemoryBuffer::getFile(Bin);
  ASSERT_TRUE(bool(Head));
  EXPECT_TRUE(looksLikeBinaryIndex((*Head)->getBuffer()));
  SummarySet FromBin = readSummarySet(Bin), FromJson = readSummarySet(Json);
  // Header facts are shared the same way in both (a third unit).
  EXPECT_EQ(FromBin.Units.size(), 3u);
  EXPECT_EQ(asJson(FromBin), asJson(FromJson));
  llvm::sys::fs::remove(Bin);
  llvm::sys::fs::remove(Json);
}

TEST(BinaryIndexTest, EveryTruncationIsAnError) {
  std::string B = bytesOf(sampleUnits());
  for (size_t L = 0; L < B.size(); ++L) {
    std::string E = errorOf(std::string_view(B).substr(0, L));
    if (L < 8)
      EXPECT_EQ(E, "i.bin: not a binary stallscan index") << L;
    else
      EXPECT_NE(E.find("i.bin: malformed binary index: truncated: "),
                std::string::npos)
          << L << ": " << E;
  }
  EXPECT_EQ(errorOf(B + "x").rfind("i.bin: malformed binary index: wrong size: ",
                                   0),
            0u);
  EXPECT_EQ(errorOf(B), "accepted");
}

TEST(BinaryIndexTest, AnotherVersionSaysToWriteItAgain) {
  std::string B = bytesOf(sampleUnits());
  uint32_t Old = SummaryFormatVersion - 1;
  std::memcpy(&B[12], &Old, 4);
  EXPECT_EQ(errorOf(B),
            "i.bin: written by another stallscan version (binary index " +
                std::to_string(BinaryIndexVersion) + ", format " +
                std::to_string(Old) + "; this one reads binary index " +
                std::to_string(BinaryIndexVersion) + ", format " +
                std::to_string(SummaryFormatVersion) +
                "); write it again with `stallscan --write-index`");
}

TEST(BinaryIndexTest, RejectsValuesOutsideTheirPlace) {
  // One unit {"a": "x"}: values 0 (the object) and 1 (the string).
  std::string B = encodeBinaryIndexTrees({json{{"a", "x"}}}, "", "t");
  ASSERT_EQ(errorOf(B).find("malformed index: units[0]: "), 7u) << errorOf(B);
  size_t Children = TablesOf(B).Children;
  uint32_t Back = 0; // the object as its own child
  std::string Loop = B;
  std::memcpy(&Loop[Children], &Back, 4);
  EXPECT_EQ(errorOf(Loop), "i.bin: malformed binary index: value 0: child 0 "
                           "is not a value of its own after it");
  uint32_t Far = 7;
  std::string Outside = B;
  std::memcpy(&Outside[Children], &Far, 4);
  EXPECT_EQ(errorOf(Outside), "i.bin: malformed binary index: value 0: child "
                              "0 is not a value of its own after it");
  // A key twice in one object.
  std::string Twice =
      encodeBinaryIndexTrees({json{{"a", "x"}, {"b", "y"}}}, "", "t");
  // The strings: "a", "x", "b", "y", "t"; b's key is string 2: make it "a".
  size_t Values = TablesOf(Twice).Values;
  uint32_t KeyA = 0;
  std::memcpy(&Twice[Values + 2 * 16 + 4], &KeyA, 4);
  EXPECT_EQ(errorOf(Twice),
            "i.bin: malformed binary index: value 0 has the key 'a' twice");
}

TEST(BinaryIndexTest, RejectsStringsThatAreNotUtf8) {
  std::string B = encodeBinaryIndexTrees({json{{"a", "x"}}}, "", "t");
  size_t Bytes = TablesOf(B).Strings; // "axt"
  ASSERT_EQ(B.substr(Bytes, 3), "axt");
  B[Bytes + 1] = '\xff';
  EXPECT_EQ(errorOf(B), "i.bin: malformed binary index: a string is not "
                        "valid UTF-8 (at byte 1 of the table)");
}

TEST(BinaryIndexTest, UnitsAreReadByTheStrictReader) {
  std::vector<TUSummary> Units = sampleUnits();
  json Bad = Units[1];
  Bad["calls"][0]["Reactor"] = 99;
  std::string B = encodeBinaryIndexTrees({json(Units[0]), Bad}, "", "t");
  EXPECT_EQ(errorOf(B), "i.bin: malformed index: units[1]: calls[0].Reactor: "
                        "reactor 99 does not exist (1 reactors)");
}

TEST(BinaryIndexTest, FlippedBytesAreReadOrRejectedNeverACrash) {
  std::string B = bytesOf(sampleUnits());
  std::mt19937_64 Gen(7);
  unsigned Accepted = 0, Rejected = 0;
  for (int Case = 0; Case < 3000; ++Case) {
    std::string M = B;
    for (int I = 0, N = 1 + Gen() % 3; I < N; ++I)
      M[Gen() % M.size()] ^= static_cast<char>(1u << (Gen() % 8));
    try {
      readBinaryIndex(M, "i.bin");
      ++Accepted;
    } catch (const ConfigError &) {
      ++Rejected;
    }
  }
  EXPECT_GT(Accepted, 0u);
  EXPECT_GT(Rejected, 0u);
}
