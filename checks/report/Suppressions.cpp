//===--- Suppressions.cpp - NOLINT comments and baselines -----------------===//
//
// NOLINT handling follows clang-tidy: a bare NOLINT silences every check, a
// parenthesised list of globs only the matching ones; NOLINTBEGIN/END nest
// and must match by their check list. Each source file is read once.
//
// A baseline is a small versioned JSON file of fingerprints; fingerprints
// ignore line numbers, so a baseline survives unrelated edits. It records
// the root it was written for, relative to itself: fingerprints hold paths
// relative to the root, and a run from another folder matches nothing.
//
//===----------------------------------------------------------------------===//
#include "report/Suppressions.h"
#include "catalog/Catalog.h"
#include "driver/Config.h"
#include "driver/OutputFile.h"
#include "report/Report.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <nlohmann/json.hpp>

namespace stallscan {

namespace {

/// The globs of a NOLINT marker starting at Pos ("NOLINT(a,b)" -> {a, b};
/// bare -> {"*"}).
std::vector<std::string> markerGlobs(const std::string &Line, size_t After) {
  if (After < Line.size() && Line[After] == '(') {
    size_t Close = Line.find(')', After);
    if (Close != std::string::npos)
      return splitGlobs(Line.substr(After + 1, Close - After - 1));
  }
  return {"*"};
}

bool matches(const std::vector<std::string> &Globs, const std::string &Check) {
  for (const auto &G : Globs)
    if (globMatch(G, Check))
      return true;
  return false;
}

/// Finds `Marker` as a whole word in a comment of Line; returns the position
/// just past it, or npos.
size_t findMarker(const std::string &Line, const std::string &Marker) {
  size_t Comment = Line.find("//");
  size_t Block = Line.find("/*");
  size_t Start = std::min(Comment, Block);
  if (Start == std::string::npos)
    return std::string::npos;
  for (size_t At = Line.find(Marker, Start); At != std::string::npos;
       At = Line.find(Marker, At + 1)) {
    size_t End = At + Marker.size();
    bool Word = End == Line.size() || !(isalnum(Line[End]) || Line[End] == '_');
    if (Word)
      return End;
  }
  return std::string::npos;
}

struct FileMarkers {
  std::vector<std::string> Lines;
  /// Per line (0-based): globs from enclosing NOLINTBEGIN blocks.
  std::vector<std::vector<std::string>> Begun;
};

FileMarkers scan(SourceLines &Source, const std::string &Path) {
  FileMarkers M;
  M.Lines = Source.lines(Path);
  std::vector<std::vector<std::string>> Stack;
  M.Begun.resize(M.Lines.size());
  for (size_t I = 0; I < M.Lines.size(); ++I) {
    const std::string &L = M.Lines[I];
    if (size_t P = findMarker(L, "NOLINTBEGIN"); P != std::string::npos)
      Stack.push_back(markerGlobs(L, P));
    for (const auto &Globs : Stack)
      M.Begun[I].insert(M.Begun[I].end(), Globs.begin(), Globs.end());
    if (size_t P = findMarker(L, "NOLINTEND"); P != std::string::npos) {
      auto Globs = markerGlobs(L, P);
      for (auto It = Stack.rbegin(); It != Stack.rend(); ++It)
        if (*It == Globs) {
          Stack.erase(std::next(It).base());
          break;
        }
    }
  }
  return M;
}

} // namespace

void applyInlineSuppressions(std::vector<Finding> &Findings) {
  SourceLines Source;
  std::map<std::string, FileMarkers> Files;
  for (Finding &F : Findings) {
    auto It = Files.find(F.Where.File);
    if (It == Files.end())
      It = Files.emplace(F.Where.File, scan(Source, F.Where.File)).first;
    const FileMarkers &M = It->second;
    size_t I = F.Where.Line - 1;
    if (I >= M.Lines.size())
      continue;
    const std::string &L = M.Lines[I];
    size_t P = findMarker(L, "NOLINT");
    bool Here = P != std::string::npos && matches(markerGlobs(L, P), F.Check);
    bool Before = false;
    if (I > 0) {
      const std::string &Prev = M.Lines[I - 1];
      size_t Q = findMarker(Prev, "NOLINTNEXTLINE");
      Before = Q != std::string::npos && matches(markerGlobs(Prev, Q), F.Check);
    }
    bool Block = matches(M.Begun[I], F.Check) && !M.Begun[I].empty();
    F.Suppressed = Here || Before || Block;
  }
}

/// The folder the baseline's "root" names, relative to the baseline's own
/// (loadBaseline has checked that it is a string).
static std::string recordedRoot(const nlohmann::json &J,
                                const std::string &Path) {
  if (!J.contains("root")) // older baselines
    return {};
  llvm::SmallString<256> Dir(Path);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  llvm::sys::path::append(Dir, J["root"].get<std::string>());
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  return std::string(Dir);
}

/// \p To relative to the folder \p From (both absolute and normalised).
static std::string relativePath(llvm::StringRef To, llvm::StringRef From) {
  llvm::SmallVector<llvm::StringRef, 16> T, F;
  To.split(T, '/', -1, /*KeepEmpty=*/false);
  From.split(F, '/', -1, /*KeepEmpty=*/false);
  size_t Common = 0;
  while (Common < T.size() && Common < F.size() && T[Common] == F[Common])
    ++Common;
  std::string Out;
  for (size_t I = Common; I < F.size(); ++I)
    Out += Out.empty() ? ".." : "/..";
  for (size_t I = Common; I < T.size(); ++I)
    Out += (Out.empty() ? "" : "/") + T[I].str();
  return Out.empty() ? "." : Out;
}

Baseline loadBaseline(const std::string &Path) {
  JsonPositions Pos;
  nlohmann::json J = parseJsonFile(Path, /*AllowComments=*/false, &Pos);
  auto Bad = [&](const std::string &Pointer, const std::string &Why) {
    throw ConfigError(Path + ":" + Pos.at(Pointer) +
                      ": not a stallscan baseline: " + Why);
  };
  const char *Shape =
      "expected {\"tool\": \"stallscan\", \"version\": 1, \"findings\": [...]}";
  if (!J.is_object() || !J.contains("tool") || J["tool"] != "stallscan")
    Bad("/tool", Shape);
  for (auto It = J.begin(); It != J.end(); ++It)
    if (It.key() != "tool" && It.key() != "version" &&
        It.key() != "findings" && It.key() != "root")
      Bad("/" + It.key(), "unknown key '" + It.key() + "'");
  if (!J.contains("version") || !J["version"].is_number_integer())
    Bad("/version", "missing \"version\" (an integer)");
  if (J["version"] != 1)
    Bad("/version", "version " + J["version"].dump() +
                        " is not supported by this stallscan (expected 1)");
  if (!J.contains("findings") || !J["findings"].is_array())
    Bad("/findings", "missing \"findings\" (an array)");
  Baseline B;
  const auto &Findings = J["findings"];
  for (size_t I = 0; I < Findings.size(); ++I) {
    const auto &E = Findings[I];
    std::string Ptr = "/findings/" + std::to_string(I);
    std::string Name = "findings[" + std::to_string(I) + "]";
    if (!E.is_object() || !E.contains("fingerprint") ||
        !E["fingerprint"].is_string())
      Bad(Ptr, Name + " has no \"fingerprint\" (a string)");
    for (auto It = E.begin(); It != E.end(); ++It) {
      const std::string &K = It.key();
      if (K != "fingerprint" && K != "check" && K != "function" && K != "api")
        Bad(Ptr + "/" + K, Name + " has an unknown key '" + K + "'");
      if (!It.value().is_string())
        Bad(Ptr + "/" + K, Name + "." + K + " must be a string");
    }
    B.Fingerprints.insert(E["fingerprint"].get<std::string>());
  }
  if (J.contains("root") && !J["root"].is_string())
    Bad("/root", "\"root\" must be a string (a folder relative to the "
                 "baseline's)");
  B.Root = recordedRoot(J, Path);
  return B;
}

size_t writeBaseline(const std::string &Path,
                     const std::vector<Finding> &Findings,
                     const std::string &Root) {
  nlohmann::json Entries = nlohmann::json::array();
  for (const Finding &F : Findings)
    if (!F.Suppressed)
      Entries.push_back({{"fingerprint", F.Fingerprint},
                         {"check", F.Check},
                         {"function", F.Function},
                         {"api", F.Api}});
  llvm::SmallString<256> Dir(Path);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  // "root" is an addition within version 1: older readers ignore it.
  nlohmann::json J{{"tool", "stallscan"},
                   {"version", 1},
                   {"root", relativePath(Root, Dir)},
                   {"findings", Entries}};
  std::string Why = writeOutputFile(
      Path, [&](llvm::raw_ostream &OS) { OS << J.dump(2) << "\n"; });
  if (!Why.empty())
    throw ConfigError("cannot write baseline '" + Path + "': " + Why);
  return Entries.size();
}

} // namespace stallscan
