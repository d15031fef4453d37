//===--- StoredResults.cpp - The index's stored analysis results ----------===//
//
// Layout of a results section (little-endian; offsets from its start):
//
//   header    96 bytes: "STALLRES", version, counts of units, files and
//             findings, the section's size, where each table and the blob
//             start, the blob's size, the meta text (JSON: the analysis
//             key and the config path), a checksum of the header
//   units     96 bytes each, sorted by main file: its path and the reason
//             it may not be used (blob), its summary's hash, its list of
//             findings reached through its main file (blob, u32 each), its
//             shape hash and places (blob, u32 line and column each), a
//             checksum of the record and of what it points to
//   files     32 bytes each, sorted by path: the path, the first of its
//             findings and how many, a checksum
//   findings  24 bytes each: where its text (compact JSON) is in the blob,
//             a checksum of the text
//   blob      the bytes the records point to
//
// The reader checks the header once; every record is bounds-checked and
// checksummed when it is read, so a front end touches only the pages of
// the records it needs.
//
//===----------------------------------------------------------------------===//
#include "driver/StoredResults.h"
#include "analysis/Program.h"
#include "driver/Config.h"
#include "summary/BinaryIndex.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace stallscan {

namespace {

constexpr char Magic[8] = {'S', 'T', 'A', 'L', 'L', 'R', 'E', 'S'};
constexpr uint32_t ResultsVersion = 3;
constexpr size_t HeaderSize = 96, UnitSize = 96, FileSize = 32,
                 FindingSize = 24;

template <typename T> T load(const char *P) {
  T V;
  std::memcpy(&V, P, sizeof V);
  return V;
}
template <typename T> void put(std::string &Out, size_t At, T V) {
  std::memcpy(&Out[At], &V, sizeof V);
}
template <typename T> void append(std::string &Out, T V) {
  char B[sizeof V];
  std::memcpy(B, &V, sizeof V);
  Out.append(B, sizeof V);
}

uint64_t checksum(std::string_view A, std::string_view B = {},
                  std::string_view C = {}, std::string_view D = {},
                  std::string_view E = {}) {
  std::string All;
  All.reserve(A.size() + B.size() + C.size() + D.size() + E.size());
  All.append(A).append(B).append(C).append(D).append(E);
  return llvm::xxh3_64bits(llvm::StringRef(All));
}

nlohmann::json locJson(const Loc &L) {
  return nlohmann::json::array({L.File.str(), L.Line, L.Col});
}
Loc locOf(const nlohmann::json &J) {
  Loc L;
  L.File = FilePath(J.at(0).get<std::string>());
  L.Line = J.at(1).get<unsigned>();
  L.Col = J.at(2).get<unsigned>();
  return L;
}

nlohmann::json findingJson(const Finding &F) {
  nlohmann::json Trace = nlohmann::json::array();
  for (const Note &N : F.Trace)
    Trace.push_back({locJson(N.Where), N.Message});
  nlohmann::json Path = nlohmann::json::array();
  for (const PathStep &S : F.Path)
    Path.push_back({S.Id, S.Name});
  return {{"check", F.Check},           {"severity", F.Severity},
          {"category", F.Category},     {"where", locJson(F.Where)},
          {"message", F.Message},       {"trace", Trace},
          {"context", F.ContextKind},   {"root", F.Root},
          {"function", F.Function},     {"api", F.Api},
          {"kind", F.Kind},             {"fingerprint", F.Fingerprint},
          {"metrics", F.Metrics},       {"suppressed", F.Suppressed},
          {"path", Path}};
}

Finding findingOf(const nlohmann::json &J) {
  Finding F;
  F.Check = J.at("check").get<std::string>();
  F.Severity = J.at("severity").get<std::string>();
  F.Category = J.at("category").get<std::string>();
  F.Where = locOf(J.at("where"));
  F.Message = J.at("message").get<std::string>();
  for (const auto &N : J.at("trace"))
    F.Trace.push_back({locOf(N.at(0)), N.at(1).get<std::string>()});
  F.ContextKind = J.at("context").get<std::string>();
  F.Root = J.at("root").get<std::string>();
  F.Function = J.at("function").get<std::string>();
  F.Api = J.at("api").get<std::string>();
  F.Kind = J.at("kind").get<std::string>();
  F.Fingerprint = J.at("fingerprint").get<std::string>();
  F.Metrics = J.at("metrics").get<std::map<std::string, long>>();
  F.Suppressed = J.at("suppressed").get<bool>();
  for (const auto &S : J.at("path"))
    F.Path.push_back({S.at(0).get<std::string>(), S.at(1).get<std::string>()});
  return F;
}

/// \p F with each place of \p Fresh's main file it names (locations, lambda
/// ids, a reactor loop's place in a path step's id: "loop:<line>:<column>:"
/// and its function's id, Checks.cpp) moved from where \p Stored has it to
/// where the fresh TU does; false if it names a place \p Stored lacks.
bool moveFinding(Finding &F, const TUSummary &Fresh,
                 const std::vector<Place> &Stored,
                 const std::vector<Place> &Moved) {
  const std::string &Main = Fresh.MainFile;
  auto To = [&](Place P) -> std::optional<Place> {
    auto It = std::lower_bound(Stored.begin(), Stored.end(), P);
    if (It == Stored.end() || *It != P)
      return std::nullopt;
    return Moved[It - Stored.begin()];
  };
  auto MoveLoc = [&](Loc &L) {
    if (L.File.str() != Main)
      return true;
    std::optional<Place> P = To({L.Line, L.Col});
    if (P) {
      L.Line = P->first;
      L.Col = P->second;
    }
    return bool(P);
  };
  auto MoveText = [&](std::string &S) {
    if (S.find("lambda:") == std::string::npos)
      return true;
    std::optional<std::string> New = rewriteLambdaIds(S, Main, To);
    if (New)
      S = std::move(*New);
    return bool(New);
  };
  bool Ok = MoveLoc(F.Where) && MoveText(F.Message) && MoveText(F.Root) &&
            MoveText(F.Function);
  for (Note &N : F.Trace)
    Ok = Ok && MoveLoc(N.Where) && MoveText(N.Message);
  for (PathStep &S : F.Path) {
    Ok = Ok && MoveText(S.Id) && MoveText(S.Name);
    llvm::StringRef Rest(S.Id);
    unsigned Line, Col;
    if (!Ok || !Rest.consume_front("loop:") || Rest.consumeInteger(10, Line) ||
        !Rest.consume_front(":") || Rest.consumeInteger(10, Col) ||
        !Rest.consume_front(":"))
      continue;
    // The loop is in its function's file: moved if that is the main file.
    bool InMain = std::any_of(
        Fresh.Functions.begin(), Fresh.Functions.end(),
        [&](const FunctionFact &Fn) {
          return Fn.Id == Rest && Fn.Where.File.str() == Main;
        });
    if (!InMain)
      continue;
    std::optional<Place> P = To({Line, Col});
    Ok = bool(P);
    if (P)
      S.Id = "loop:" + std::to_string(P->first) + ":" +
             std::to_string(P->second) + ":" + Rest.str();
  }
  return Ok;
}

std::string dumpStrict(const nlohmann::json &J) {
  return J.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

} // namespace

std::string analysisKey(const Config *Conf,
                        const std::map<std::string, std::string> &Options) {
  std::map<std::string, std::string> All;
  if (Conf)
    All = Conf->CheckOptions;
  for (const auto &[K, V] : Options)
    All[K] = V;
  nlohmann::json Values = nlohmann::json::object();
  for (const CheckOptionInfo &O : allCheckOptions()) {
    std::string Key = std::string(O.Check) + "." + O.Name;
    auto It = All.find(Key);
    Values[Key] = It != All.end() ? It->second : std::string(O.Default);
  }
  nlohmann::json K = {
      {"tool", STALLSCAN_VERSION},
      {"format", SummaryFormatVersion},
      {"event_loop_functions",
       Conf ? Conf->EventLoopFunctions : std::vector<std::string>()},
      {"rare_functions",
       Conf ? Conf->RareFunctions : std::vector<std::string>()},
      {"options", Values}};
  return K.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<StoredUnit> planStoredUnits(const std::vector<TUSummary> &Units,
                                        std::string *Disagree) {
  // Functions that more than one unit defines, or that a unit defines
  // outside its main file: the front end replaces the index's facts about
  // them with the fresh TU's (mergeWithIndex). Not those defined at
  // different places (separate programs' `main`): the link splits them
  // into one function per unit (DefinitionSplit), the fresh TU's included.
  std::vector<const TUSummary *> All;
  for (const TUSummary &U : Units)
    All.push_back(&U);
  const DefinitionSplit Split = findConflictingDefinitions(All);
  std::unordered_map<std::string, int> Defined;
  std::unordered_set<std::string> Shared;
  for (const TUSummary &U : Units)
    for (const FunctionFact &F : U.Functions) {
      if (Split.Variants.count(F.Id))
        continue;
      if (++Defined[F.Id] > 1 || F.Where.File != U.MainFile)
        Shared.insert(F.Id);
    }
  auto Wanted = [&](const std::string &Id) { return Shared.count(Id) != 0; };
  // Per such function: the hash of its facts, if every unit that has facts
  // about it has the same; std::nullopt if two differ.
  std::unordered_map<std::string, std::optional<ContentHash>> Agreed;
  std::unordered_set<std::string> OwnsReactor;
  std::map<std::string, int> MainFiles;
  std::string FirstDisagreement;
  for (const TUSummary &U : Units) {
    ++MainFiles[U.MainFile];
    std::unordered_map<std::string, ContentHash> Hashes;
    ownedFactHashes(U, Wanted, Hashes, OwnsReactor);
    for (const auto &[Id, H] : Hashes) {
      auto [It, New] = Agreed.try_emplace(Id, H);
      if (!New && It->second && *It->second != H) {
        It->second.reset();
        if (FirstDisagreement.empty())
          FirstDisagreement = Id;
      }
    }
  }
  if (Disagree)
    *Disagree = FirstDisagreement;
  std::vector<StoredUnit> Out;
  Out.reserve(Units.size());
  for (const TUSummary &U : Units) {
    StoredUnit S;
    S.MainFile = U.MainFile;
    S.Shape = shapeHash(U, S.Places, &S.Hash);
    if (U.MainFile.empty())
      S.Unusable = "the unit has no main file";
    else if (MainFiles[U.MainFile] > 1)
      S.Unusable = "its main file is compiled " +
                   std::to_string(MainFiles[U.MainFile]) +
                   " times in the index";
    for (const FunctionFact &F : U.Functions) {
      if (!S.Unusable.empty())
        break;
      if (!Shared.count(F.Id))
        continue;
      auto It = Agreed.find(F.Id);
      if (OwnsReactor.count(F.Id))
        S.Unusable = "'" + F.Name + "', defined in it and in other units, "
                     "has a reactor loop";
      else if (It != Agreed.end() && !It->second)
        S.Unusable = "other units have other facts about '" + F.Name +
                     "', which it defines too";
    }
    Out.push_back(std::move(S));
  }
  return Out;
}

std::string encodeStoredResults(std::vector<StoredUnit> Units,
                                const std::vector<Finding> &Findings,
                                const std::string &AnalysisKey,
                                const std::string &ConfigPath) {
  std::sort(Units.begin(), Units.end(),
            [](const StoredUnit &A, const StoredUnit &B) {
              return A.MainFile < B.MainFile;
            });
  std::string Blob;
  auto AddBlob = [&](std::string_view S) {
    uint64_t At = Blob.size();
    Blob.append(S);
    return At;
  };
  // Findings reached through each main file (placeFindingsInTU's test).
  std::unordered_map<std::string, std::vector<uint32_t>> Through;
  std::vector<std::string> Texts;
  Texts.reserve(Findings.size());
  for (size_t I = 0; I < Findings.size(); ++I) {
    Texts.push_back(dumpStrict(findingJson(Findings[I])));
    std::set<std::string> Files;
    for (const Note &N : Findings[I].Trace)
      Files.insert(N.Where.File.str());
    for (const std::string &F : Files)
      Through[F].push_back(static_cast<uint32_t>(I));
  }
  std::string Meta = dumpStrict({{"key", AnalysisKey}, {"config", ConfigPath}});
  uint64_t MetaAt = AddBlob(Meta);

  std::string UnitTable;
  for (const StoredUnit &U : Units) {
    std::string Trace;
    if (auto It = Through.find(U.MainFile); It != Through.end())
      for (uint32_t I : It->second)
        append<uint32_t>(Trace, I);
    std::string Places;
    for (const Place &P : U.Places) {
      append<uint32_t>(Places, P.first);
      append<uint32_t>(Places, P.second);
    }
    uint64_t PathAt = AddBlob(U.MainFile), WhyAt = AddBlob(U.Unusable),
             TraceAt = AddBlob(Trace), PlacesAt = AddBlob(Places);
    std::string R;
    append<uint64_t>(R, PathAt);
    append<uint32_t>(R, static_cast<uint32_t>(U.MainFile.size()));
    append<uint32_t>(R, static_cast<uint32_t>(U.Unusable.size()));
    append<uint64_t>(R, WhyAt);
    append<uint64_t>(R, U.Hash.Low);
    append<uint64_t>(R, U.Hash.High);
    append<uint64_t>(R, TraceAt);
    append<uint32_t>(R, static_cast<uint32_t>(Trace.size() / 4));
    append<uint32_t>(R, static_cast<uint32_t>(U.Places.size()));
    append<uint64_t>(R, U.Shape.Low);
    append<uint64_t>(R, U.Shape.High);
    append<uint64_t>(R, PlacesAt);
    append<uint64_t>(R, 0);
    append<uint64_t>(R, checksum(R, U.MainFile, U.Unusable, Trace, Places));
    UnitTable += R;
  }
  std::string FileTable;
  for (size_t I = 0; I < Findings.size();) {
    size_t J = I;
    while (J < Findings.size() && Findings[J].Where.File == Findings[I].Where.File)
      ++J;
    const std::string &Path = Findings[I].Where.File.str();
    std::string R;
    append<uint64_t>(R, AddBlob(Path));
    append<uint32_t>(R, static_cast<uint32_t>(Path.size()));
    append<uint32_t>(R, static_cast<uint32_t>(J - I));
    append<uint32_t>(R, static_cast<uint32_t>(I));
    append<uint32_t>(R, 0);
    append<uint64_t>(R, checksum(R, Path));
    FileTable += R;
    I = J;
  }
  // runChecks() sorts by location: one file's findings are consecutive,
  // and files come in path order.
  std::string FindingTable;
  for (const std::string &T : Texts) {
    std::string R;
    append<uint64_t>(R, AddBlob(T));
    append<uint32_t>(R, static_cast<uint32_t>(T.size()));
    append<uint32_t>(R, 0);
    append<uint64_t>(R, checksum(R, T));
    FindingTable += R;
  }
  uint64_t UnitsAt = HeaderSize, FilesAt = UnitsAt + UnitTable.size(),
           FindingsAt = FilesAt + FileTable.size(),
           BlobAt = FindingsAt + FindingTable.size(),
           Size = BlobAt + Blob.size();
  std::string Out;
  Out.reserve(Size);
  Out.append(Magic, sizeof Magic);
  append<uint32_t>(Out, ResultsVersion);
  append<uint32_t>(Out, static_cast<uint32_t>(Units.size()));
  append<uint32_t>(Out, static_cast<uint32_t>(FileTable.size() / FileSize));
  append<uint32_t>(Out, static_cast<uint32_t>(Findings.size()));
  append<uint64_t>(Out, Size);
  append<uint64_t>(Out, UnitsAt);
  append<uint64_t>(Out, FilesAt);
  append<uint64_t>(Out, FindingsAt);
  append<uint64_t>(Out, BlobAt);
  append<uint64_t>(Out, Blob.size());
  append<uint64_t>(Out, MetaAt);
  append<uint64_t>(Out, Meta.size());
  append<uint64_t>(Out, checksum(Out));
  Out.append(HeaderSize - Out.size(), '\0');
  Out += UnitTable;
  Out += FileTable;
  Out += FindingTable;
  Out += Blob;
  return Out;
}

StoredResults::StoredResults(std::string_view B) : Bytes(B) {
  auto Fail = [](const std::string &Why) {
    return StoredResultsError("malformed stored results: " + Why);
  };
  if (B.size() < HeaderSize || std::memcmp(B.data(), Magic, sizeof Magic))
    throw Fail("no results header");
  const char *H = B.data();
  if (load<uint32_t>(H + 8) != ResultsVersion)
    throw StoredResultsError("stored results of another version (" +
                             std::to_string(load<uint32_t>(H + 8)) + ")");
  if (load<uint64_t>(H + 88) != checksum(std::string_view(H, 88)))
    throw Fail("the header's checksum does not match");
  NumUnits = load<uint32_t>(H + 12);
  NumFiles = load<uint32_t>(H + 16);
  NumFindings = load<uint32_t>(H + 20);
  uint64_t Size = load<uint64_t>(H + 24);
  UnitsAt = load<uint64_t>(H + 32);
  FilesAt = load<uint64_t>(H + 40);
  FindingsAt = load<uint64_t>(H + 48);
  BlobAt = load<uint64_t>(H + 56);
  BlobSize = load<uint64_t>(H + 64);
  if (Size != B.size())
    throw Fail("truncated: " + std::to_string(B.size()) +
               " bytes, its header says " + std::to_string(Size));
  if (UnitsAt != HeaderSize || FilesAt != UnitsAt + uint64_t(NumUnits) * UnitSize ||
      FindingsAt != FilesAt + uint64_t(NumFiles) * FileSize ||
      BlobAt != FindingsAt + uint64_t(NumFindings) * FindingSize ||
      BlobAt > Size || BlobSize != Size - BlobAt)
    throw Fail("its tables do not fit its size");
  std::string_view Meta = blob(load<uint64_t>(H + 72), load<uint64_t>(H + 80));
  nlohmann::json M = nlohmann::json::parse(Meta, nullptr, false);
  if (!M.is_object() || !M.contains("key") || !M["key"].is_string() ||
      !M.contains("config") || !M["config"].is_string())
    throw Fail("its meta data is not what it should be");
  Key = M["key"].get<std::string>();
  Config = M["config"].get<std::string>();
}

std::string_view StoredResults::blob(uint64_t Off, uint64_t Len) const {
  if (Off > BlobSize || Len > BlobSize - Off)
    throw StoredResultsError(
        "malformed stored results: a record points out of the section");
  return Bytes.substr(BlobAt + Off, Len);
}

Finding StoredResults::finding(uint32_t I) const {
  auto Fail = [&](const std::string &Why) {
    return StoredResultsError("malformed stored results: finding " +
                              std::to_string(I) + ": " + Why);
  };
  if (I >= NumFindings)
    throw Fail("no such finding");
  const char *R = Bytes.data() + FindingsAt + uint64_t(I) * FindingSize;
  std::string_view Text = blob(load<uint64_t>(R), load<uint32_t>(R + 8));
  if (load<uint64_t>(R + 16) != checksum(std::string_view(R, 16), Text))
    throw Fail("its checksum does not match");
  nlohmann::json J = nlohmann::json::parse(Text, nullptr, false);
  try {
    return findingOf(J);
  } catch (const nlohmann::json::exception &E) {
    throw Fail(E.what());
  }
}

std::optional<std::vector<Finding>> StoredResults::findingsFor(
    const TUSummary &FreshUnit, const std::string &AnalysisKey,
    const std::vector<std::string> &Enabled,
    const std::function<bool(const std::string &)> &InTU,
    std::string &Why) const {
  if (AnalysisKey != Key) {
    Why = "the config or check options differ from those the index was "
          "written with";
    return std::nullopt;
  }
  // The unit: binary search by main file.
  auto PathOf = [&](uint32_t I) {
    const char *R = Bytes.data() + UnitsAt + uint64_t(I) * UnitSize;
    return blob(load<uint64_t>(R), load<uint32_t>(R + 8));
  };
  const std::string &Main = FreshUnit.MainFile;
  uint32_t Lo = 0, Hi = NumUnits;
  while (Lo < Hi) {
    uint32_t Mid = Lo + (Hi - Lo) / 2;
    if (PathOf(Mid) < std::string_view(Main))
      Lo = Mid + 1;
    else
      Hi = Mid;
  }
  if (Lo == NumUnits || PathOf(Lo) != std::string_view(Main)) {
    Why = "the index has no unit of this main file";
    return std::nullopt;
  }
  const char *R = Bytes.data() + UnitsAt + uint64_t(Lo) * UnitSize;
  std::string_view Path = PathOf(Lo);
  std::string_view Unusable = blob(load<uint64_t>(R + 16), load<uint32_t>(R + 12));
  uint64_t TraceCount = load<uint32_t>(R + 48);
  std::string_view Trace = blob(load<uint64_t>(R + 40), TraceCount * 4);
  uint64_t PlaceCount = load<uint32_t>(R + 52);
  std::string_view PlaceBytes = blob(load<uint64_t>(R + 72), PlaceCount * 8);
  if (load<uint64_t>(R + 88) != checksum(std::string_view(R, 88), Path,
                                         Unusable, Trace, PlaceBytes))
    throw StoredResultsError("malformed stored results: unit " +
                             std::to_string(Lo) +
                             ": its checksum does not match");
  if (!Unusable.empty()) {
    Why = "its stored findings may differ from a full load's: " +
          std::string(Unusable);
    return std::nullopt;
  }
  // The same TU, or the same TU with its code moved: then each place of its
  // main file that the findings name goes where the fresh TU has it.
  std::vector<Place> Stored, Fresh;
  bool Moved = false;
  ContentHash H = summaryHash(FreshUnit);
  if (H.Low != load<uint64_t>(R + 24) || H.High != load<uint64_t>(R + 32)) {
    Moved = true;
    ContentHash Shape = shapeHash(FreshUnit, Fresh);
    if (Shape.Low != load<uint64_t>(R + 56) ||
        Shape.High != load<uint64_t>(R + 64) || Fresh.size() != PlaceCount) {
      Why = "the TU differs from the one the index was written from";
      return std::nullopt;
    }
    for (uint64_t I = 0; I < PlaceCount; ++I)
      Stored.push_back({load<uint32_t>(PlaceBytes.data() + I * 8),
                        load<uint32_t>(PlaceBytes.data() + I * 8 + 4)});
    if (!std::is_sorted(Stored.begin(), Stored.end()))
      throw StoredResultsError("malformed stored results: unit " +
                               std::to_string(Lo) +
                               ": its places are not in order");
  }

  // The findings placeFindingsInTU() may keep: in a file of the TU, or
  // reached through its main file; in the whole program's order.
  std::vector<uint32_t> Wanted;
  for (uint32_t I = 0; I < NumFiles; ++I) {
    const char *F = Bytes.data() + FilesAt + uint64_t(I) * FileSize;
    std::string_view File = blob(load<uint64_t>(F), load<uint32_t>(F + 8));
    if (load<uint64_t>(F + 24) != checksum(std::string_view(F, 24), File))
      throw StoredResultsError("malformed stored results: file " +
                               std::to_string(I) +
                               ": its checksum does not match");
    uint64_t Count = load<uint32_t>(F + 12), First = load<uint32_t>(F + 16);
    if (First + Count > NumFindings)
      throw StoredResultsError("malformed stored results: file " +
                               std::to_string(I) + " has findings out of it");
    if (!InTU(std::string(File)))
      continue;
    for (uint64_t N = First; N < First + Count; ++N)
      Wanted.push_back(static_cast<uint32_t>(N));
  }
  for (uint64_t I = 0; I < TraceCount; ++I)
    Wanted.push_back(load<uint32_t>(Trace.data() + I * 4));
  std::sort(Wanted.begin(), Wanted.end());
  Wanted.erase(std::unique(Wanted.begin(), Wanted.end()), Wanted.end());
  std::vector<Finding> Out;
  for (uint32_t I : Wanted) {
    Finding F = finding(I);
    if (std::find(Enabled.begin(), Enabled.end(), F.Check) == Enabled.end())
      continue;
    if (Moved && !moveFinding(F, FreshUnit, Stored, Fresh)) {
      Why = "its code moved, and a finding names a place of it that the "
            "index does not know";
      return std::nullopt;
    }
    Out.push_back(std::move(F));
  }
  if (Moved)
    Why = "its code moved";
  return Out;
}

std::string findingsText(const std::vector<Finding> &Findings) {
  std::string Out;
  for (const Finding &F : Findings)
    Out += findingJson(F).dump(-1, ' ', false,
                               nlohmann::json::error_handler_t::replace) +
           "\n";
  return Out;
}

struct MappedResults {
  std::unique_ptr<llvm::MemoryBuffer> File;
  std::optional<StoredResults> Results;
};

std::shared_ptr<const MappedResults> mapStoredResults(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false,
                                         /*IsVolatile=*/false);
  if (!Buf)
    throw StoredResultsError("cannot read '" + Path +
                             "': " + Buf.getError().message());
  auto M = std::make_shared<MappedResults>();
  M->File = std::move(*Buf);
  std::string_view Bytes((*M->File).getBufferStart(),
                         (*M->File).getBufferSize());
  std::optional<std::string_view> Section = binaryIndexResults(Bytes);
  if (!Section)
    throw StoredResultsError("the index has no stored results");
  M->Results.emplace(*Section);
  return M;
}

const StoredResults &resultsOf(const MappedResults &M) { return *M.Results; }

} // namespace stallscan
