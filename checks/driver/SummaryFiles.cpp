//===--- SummaryFiles.cpp - Summaries and indexes on disk -----------------===//
#include "driver/SummaryFiles.h"
#include "driver/Config.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace stallscan {

namespace {

void writeJsonAtomically(const std::string &Path, const nlohmann::json &J) {
  if (llvm::Error E = llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
        OS << J.dump() << "\n";
        return llvm::Error::success();
      }))
    throw ConfigError("cannot write '" + Path +
                      "': " + llvm::toString(std::move(E)));
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

void writeIndex(const std::string &Path, const std::vector<TUSummary> &Units,
                const std::string &ConfigPath) {
  nlohmann::json J = header("index");
  J["config"] =
      ConfigPath.empty() ? nlohmann::json() : nlohmann::json(ConfigPath);
  J["units"] = Units;
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
               (J.contains("version") ? J["version"].dump() : "unknown") +
               ", this one reads " + std::to_string(SummaryFormatVersion) +
               "); write it again");
  SummarySet Set;
  try {
    if (Kind == "summary") {
      Set.Units.push_back(J.at("summary").get<TUSummary>());
    } else {
      J.at("units").get_to(Set.Units);
      if (J.contains("config") && J["config"].is_string())
        Set.ConfigPath = J["config"].get<std::string>();
    }
  } catch (const nlohmann::json::exception &E) {
    throw Fail(std::string("malformed ") + Kind + ": " + E.what());
  }
  return Set;
}

std::vector<TUSummary>
readSummaryInputs(const std::vector<std::string> &Paths) {
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
  std::vector<TUSummary> Units;
  for (const std::string &F : Files)
    for (TUSummary &U : readSummarySet(F).Units)
      Units.push_back(std::move(U));
  std::stable_sort(Units.begin(), Units.end(),
                   [](const TUSummary &A, const TUSummary &B) {
                     return A.MainFile < B.MainFile;
                   });
  return Units;
}

} // namespace stallscan
