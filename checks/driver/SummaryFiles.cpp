//===--- SummaryFiles.cpp - Summaries and indexes on disk -----------------===//
#include "driver/SummaryFiles.h"
#include "analysis/Program.h"
#include "driver/Config.h"
#include "driver/OutputFile.h"
#include "summary/BinaryIndex.h"
#include "summary/SummaryHash.h"
#include "summary/SummaryReader.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace stallscan {

namespace {

void writeJsonAtomically(const std::string &Path, const nlohmann::json &J) {
  std::string Why = writeOutputFile(
      Path, [&](llvm::raw_ostream &OS) { OS << J.dump() << "\n"; });
  if (!Why.empty())
    throw ConfigError("cannot write '" + Path + "': " + Why);
}

nlohmann::json header(const char *Kind) {
  return {{"stallscan", Kind},
          {"version", SummaryFormatVersion},
          {"tool", STALLSCAN_VERSION}};
}

} // namespace

void writeSummaryFile(const std::string &Path, const TUSummary &S) {
  nlohmann::json J = header("summary");
  J["summary"] = S;
  writeJsonAtomically(Path, J);
}

std::string summaryFileText(const TUSummary &S) {
  nlohmann::json J = header("summary");
  J["summary"] = S;
  return J.dump();
}

TUSummary remapSummaryPaths(const TUSummary &S, const std::string &From,
                            const std::string &To) {
  // Paths are in locations, main files and ids ("lambda:<file>:3:5",
  // "<usr>@<main file>"): every string is rewritten where the folder
  // appears followed by '/', or is the whole string.
  std::string Dir = From + "/";
  std::function<void(nlohmann::json &)> Walk = [&](nlohmann::json &J) {
    if (J.is_string()) {
      std::string Str = J.get<std::string>();
      if (Str == From) {
        J = To;
        return;
      }
      bool Changed = false;
      for (size_t At = Str.find(Dir); At != std::string::npos;
           At = Str.find(Dir, At + To.size() + 1)) {
        Str.replace(At, Dir.size(), To + "/");
        Changed = true;
      }
      if (Changed)
        J = Str;
    } else if (J.is_structured()) {
      for (auto &Item : J)
        Walk(Item);
    }
  };
  nlohmann::json J = S;
  Walk(J);
  try {
    return readSummary(J);
  } catch (const SummaryFormatError &E) {
    throw ConfigError(std::string("prefix-map: ") + E.what());
  }
}

void forEachSharedUnit(
    const std::vector<TUSummary> &Units,
    llvm::function_ref<void(const TUSummary &,
                            const std::function<bool(const std::string &)> *)>
        Visit) {
  std::vector<const TUSummary *> All;
  for (const TUSummary &U : Units)
    All.push_back(&U);
  DefinitionSplit Split = findConflictingDefinitions(All);
  auto Conflicting = [&](const std::string &Id) {
    return Split.Variants.count(Id) != 0;
  };
  // Functions with reactor loops stay (other facts index reactors by
  // position), and so does a function that refers to one defined at several
  // places: the link resolves such a reference to its unit's own definition.
  std::set<std::string> Pinned;
  for (const TUSummary &U : Units) {
    for (const ReactorFact &R : U.Reactors)
      Pinned.insert(R.Function);
    for (const FunctionFact &F : U.Functions)
      if (std::any_of(F.Overrides.begin(), F.Overrides.end(), Conflicting))
        Pinned.insert(F.Id);
    for (const CallFact &C : U.Calls)
      if (Conflicting(C.Callee))
        Pinned.insert(C.Caller);
    for (const RootFact &R : U.Roots)
      if (Conflicting(R.Function))
        Pinned.insert(R.Registrar);
    for (const OffloadFact &O : U.Offloads)
      if (Conflicting(O.Target))
        Pinned.insert(O.Caller);
    for (const EntryLockFact &E : U.EntryLocks)
      if (Conflicting(E.Function))
        Pinned.insert(E.Registrar);
  }
  auto Shareable = [&](const TUSummary &U, const FunctionFact &F) {
    return F.Where.File != U.MainFile && !Conflicting(F.Id) &&
           !Pinned.count(F.Id);
  };
  TUSummary Shared; // MainFile "": no TU of its own
  // Most units that include a header say the same about its functions: each
  // distinct set of facts about a function goes to Shared once (by the hash
  // of the facts), instead of every unit's copy, sorted then deduplicated
  // by normalise(): the same union, without sorting thousands of copies.
  std::unordered_map<std::string, std::vector<ContentHash>> SharedSets;
  for (const TUSummary &Given : Units) {
    std::unordered_set<std::string> Moved;
    for (const FunctionFact &F : Given.Functions)
      if (Shareable(Given, F))
        Moved.insert(F.Id);
    if (Moved.empty()) {
      Visit(Given, nullptr);
      continue;
    }
    std::function<bool(const std::string &)> IsMoved =
        [&](const std::string &Id) { return Moved.count(Id) != 0; };
    std::unordered_map<std::string, ContentHash> Hashes;
    std::unordered_set<std::string> OwnsReactor; // pinned: never moved
    ownedFactHashes(Given, IsMoved, Hashes, OwnsReactor);
    std::unordered_set<std::string> New; // moved functions Shared lacks
    for (const auto &[Id, H] : Hashes) {
      std::vector<ContentHash> &Seen = SharedSets[Id];
      if (std::find(Seen.begin(), Seen.end(), H) == Seen.end()) {
        Seen.push_back(H);
        New.insert(Id);
      }
    }
    // Reactor owners are pinned: their reactor indices stay valid.
    if (!New.empty())
      forEachOwnedFactList([&](auto List, auto Owner) {
        for (const auto &F : Given.*List)
          if (New.count(F.*Owner))
            (Shared.*List).push_back(F);
      });
    Visit(Given, &IsMoved); // the unit itself is not copied
  }
  if (!Shared.Functions.empty()) {
    Shared.normalise();
    Visit(Shared, nullptr);
  }
}

std::vector<TUSummary> shareHeaderFacts(const std::vector<TUSummary> &Units) {
  std::vector<TUSummary> Out;
  Out.reserve(Units.size() + 1);
  forEachSharedUnit(Units, [&](const TUSummary &U, const auto *Moved) {
    Out.push_back(U);
    if (Moved)
      forEachOwnedFactList([&](auto List, auto Owner) {
        auto &Facts = Out.back().*List;
        Facts.erase(std::remove_if(Facts.begin(), Facts.end(),
                                   [&](const auto &F) {
                                     return (*Moved)(F.*Owner);
                                   }),
                    Facts.end());
      });
  });
  return Out;
}

std::string writeBinaryIndexFirst(StagedOutputFile &Out,
                                  const std::vector<TUSummary> &Units,
                                  const std::string &ConfigPath,
                                  bool ResultsFollow) {
  std::string Lost; // a spilled table's reason
  std::string Why = Out.writeFirst([&](llvm::raw_pwrite_stream &OS) {
    BinaryIndexEncoder E(OS, Out.folder());
    forEachSharedUnit(Units, [&](const TUSummary &U, const auto *Moved) {
      E.add(U, Moved);
    });
    try {
      E.finish(ConfigPath, STALLSCAN_VERSION, ResultsFollow);
    } catch (const IndexSpillError &Error) {
      Lost = Error.what();
    }
  });
  return Why.empty() ? Lost : Why;
}

void writeIndex(const std::string &Path, const std::vector<TUSummary> &Units,
                const std::string &ConfigPath, IndexFormat Format) {
  if (Format == IndexFormat::Binary) {
    StagedOutputFile Out(Path);
    std::string Why =
        writeBinaryIndexFirst(Out, Units, ConfigPath, /*ResultsFollow=*/false);
    if (Why.empty())
      Why = Out.commit([](llvm::raw_ostream &) {});
    if (!Why.empty())
      throw ConfigError("cannot write '" + Path + "': " + Why);
    return;
  }
  nlohmann::json J = header("index");
  J["config"] =
      ConfigPath.empty() ? nlohmann::json() : nlohmann::json(ConfigPath);
  J["units"] = shareHeaderFacts(Units);
  writeJsonAtomically(Path, J);
}

namespace {

/// The fast reader's result, when it has one (readSummaryFileFast).
std::optional<SummarySet> readFast(std::string_view Text) {
  std::optional<SummaryFileContents> Fast = readSummaryFileFast(Text);
  if (!Fast)
    return std::nullopt;
  SummarySet Set;
  Set.Units = std::move(Fast->Units);
  Set.ConfigPath = std::move(Fast->ConfigPath);
  return Set;
}

} // namespace

SummarySet readBinaryIndex(std::string_view Bytes, const std::string &Origin) {
  SummarySet Set;
  try {
    BinaryIndex Index(Bytes);
    Set.Units.reserve(Index.units());
    for (size_t I = 0; I < Index.units(); ++I) {
      try {
        Set.Units.push_back(Index.unit(I));
      } catch (const SummaryFormatError &E) {
        throw ConfigError(Origin + ": malformed index: units[" +
                          std::to_string(I) + "]: " + E.what());
      }
    }
    if (auto Config = Index.configPath())
      Set.ConfigPath = std::string(*Config);
  } catch (const BinaryIndexError &E) {
    throw ConfigError(Origin + ": " + E.what());
  }
  return Set;
}

SummarySet readSummarySet(const std::string &Path) {
  if (!llvm::sys::fs::is_regular_file(Path))
    throw ConfigError("'" + Path + "' does not exist or is not a file");
  // Read into memory, not mapped: a link reads tens of thousands of these
  // once each (see parseJsonFile). A file that the fast reader does not
  // take is read again the strict way, which says what is wrong.
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true,
                                         /*RequiresNullTerminator=*/true,
                                         /*IsVolatile=*/true);
  if (Buf && looksLikeBinaryIndex((*Buf)->getBuffer()))
    return readBinaryIndex((*Buf)->getBuffer(), Path);
  if (Buf)
    if (std::optional<SummarySet> Set = readFast((*Buf)->getBuffer()))
      return std::move(*Set);
  return readSummaryJson(parseJsonFile(Path, /*AllowComments=*/false), Path);
}

SummarySet readSummaryText(const std::string &Text, const std::string &Origin) {
  if (looksLikeBinaryIndex(Text))
    return readBinaryIndex(Text, Origin);
  if (std::optional<SummarySet> Set = readFast(Text))
    return std::move(*Set);
  return readSummaryJson(parseJsonText(Text, Origin, /*AllowComments=*/false),
                         Origin);
}

SummarySet readSummaryJson(const nlohmann::json &J, const std::string &Path) {
  auto Fail = [&](const std::string &Why) {
    return ConfigError(Path + ": " + Why);
  };
  if (!J.is_object() || !J.contains("stallscan") || !J["stallscan"].is_string())
    throw Fail("not a stallscan summary or index file");
  std::string Kind = J["stallscan"].get<std::string>();
  if (Kind != "summary" && Kind != "index")
    throw Fail("unknown kind '" + Kind + "' (expected summary or index)");
  if (!J.contains("version") || J["version"] != SummaryFormatVersion)
    throw Fail("written by another stallscan version (format " +
               (J.contains("version") && J["version"].is_number()
                    ? J["version"].dump()
                    : "unknown") +
               ", this one reads " + std::to_string(SummaryFormatVersion) +
               "); write it again");
  for (auto It = J.begin(); It != J.end(); ++It)
    if (It.key() != "stallscan" && It.key() != "version" &&
        It.key() != "tool" &&
        It.key() != (Kind == "summary" ? "summary" : "units") &&
        (Kind == "summary" || It.key() != "config"))
      throw Fail("unknown key '" + It.key() + "' in a " + Kind + " file");
  if (J.contains("tool") && !J["tool"].is_string())
    throw Fail("\"tool\" must be a string");
  SummarySet Set;
  // Every unit is read through the validating reader (SummaryReader.h): a
  // unit that reads is safe to link, whoever wrote the file.
  if (Kind == "summary") {
    if (!J.contains("summary"))
      throw Fail("malformed summary: no \"summary\"");
    try {
      Set.Units.push_back(readSummary(J["summary"]));
    } catch (const SummaryFormatError &E) {
      throw Fail(std::string("malformed summary: ") + E.what());
    }
  } else {
    if (!J.contains("units") || !J["units"].is_array())
      throw Fail("malformed index: no \"units\" array");
    const auto &Units = J["units"];
    for (size_t I = 0; I < Units.size(); ++I) {
      try {
        Set.Units.push_back(readSummary(Units[I]));
      } catch (const SummaryFormatError &E) {
        throw Fail("malformed index: units[" + std::to_string(I) +
                   "]: " + E.what());
      }
    }
    if (J.contains("config") && !J["config"].is_null()) {
      if (!J["config"].is_string())
        throw Fail("\"config\" must be a string or null");
      Set.ConfigPath = J["config"].get<std::string>();
    }
  }
  return Set;
}

} // namespace stallscan
