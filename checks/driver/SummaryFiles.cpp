//===--- SummaryFiles.cpp - Summaries and indexes on disk -----------------===//
#include "driver/SummaryFiles.h"
#include "analysis/Program.h"
#include "driver/Config.h"
#include "driver/OutputFile.h"
#include "summary/SummaryReader.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

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

std::vector<TUSummary> shareHeaderFacts(std::vector<TUSummary> Units) {
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
  for (TUSummary &U : Units) {
    std::set<std::string> Moved;
    for (const FunctionFact &F : U.Functions)
      if (Shareable(U, F))
        Moved.insert(F.Id);
    if (Moved.empty())
      continue;
    auto Move = [&](auto &From, auto &To, auto Owner) {
      auto Keep =
          std::stable_partition(From.begin(), From.end(), [&](const auto &F) {
            return !Moved.count(F.*Owner);
          });
      To.insert(To.end(), std::make_move_iterator(Keep),
                std::make_move_iterator(From.end()));
      From.erase(Keep, From.end());
    };
    // Reactor owners are pinned: their reactor indices stay valid.
    forEachOwnedFactList(
        [&](auto List, auto Owner) { Move(U.*List, Shared.*List, Owner); });
  }
  if (!Shared.Functions.empty()) {
    Shared.normalise();
    Units.push_back(std::move(Shared));
  }
  return Units;
}

void writeIndex(const std::string &Path, const std::vector<TUSummary> &Units,
                const std::string &ConfigPath) {
  nlohmann::json J = header("index");
  J["config"] =
      ConfigPath.empty() ? nlohmann::json() : nlohmann::json(ConfigPath);
  J["units"] = shareHeaderFacts(Units);
  writeJsonAtomically(Path, J);
}

SummarySet readSummarySet(const std::string &Path) {
  if (!llvm::sys::fs::is_regular_file(Path))
    throw ConfigError("'" + Path + "' does not exist or is not a file");
  nlohmann::json J = parseJsonFile(Path, /*AllowComments=*/false);
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

std::vector<TUSummary>
readSummaryInputs(const std::vector<std::string> &Paths, unsigned Jobs) {
  std::vector<std::string> Files;
  for (const std::string &P : Paths) {
    if (!llvm::sys::fs::is_directory(P)) {
      Files.push_back(P);
      continue;
    }
    size_t Before = Files.size();
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(P, EC), End;
         It != End && !EC; It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(".stallscan.json"))
        Files.push_back(It->path());
    if (EC)
      throw ConfigError("cannot read folder '" + P + "': " + EC.message());
    if (Files.size() == Before)
      throw ConfigError("no *.stallscan.json summaries in '" + P + "'");
    std::sort(Files.begin() + Before, Files.end());
  }
  // Reading is most of a link's time (JSON into facts), and files are
  // independent: read them on Jobs threads. The first failing file in
  // order is the one reported, as it would be reading them one by one.
  std::vector<SummarySet> Sets(Files.size());
  std::vector<std::string> Failures(Files.size());
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    for (size_t I; (I = Next++) < Files.size();) {
      try {
        Sets[I] = readSummarySet(Files[I]);
      } catch (const ConfigError &E) {
        Failures[I] = E.what();
      } catch (const std::exception &E) {
        Failures[I] = Files[I] + ": " + E.what();
      }
    }
  };
  if (Jobs == 0)
    Jobs = std::max(1u, std::thread::hardware_concurrency());
  Jobs = static_cast<unsigned>(std::min<size_t>(Jobs, Files.size()));
  std::vector<std::thread> Threads;
  for (unsigned T = 1; T < Jobs; ++T)
    Threads.emplace_back(Work);
  Work();
  for (std::thread &T : Threads)
    T.join();
  for (const std::string &Why : Failures)
    if (!Why.empty())
      throw ConfigError(Why);
  std::vector<TUSummary> Units;
  for (SummarySet &Set : Sets)
    for (TUSummary &U : Set.Units)
      Units.push_back(std::move(U));
  std::stable_sort(Units.begin(), Units.end(),
                   [](const TUSummary &A, const TUSummary &B) {
                     return A.MainFile < B.MainFile;
                   });
  return Units;
}

} // namespace stallscan
