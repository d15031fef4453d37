//===--- FrontEndSim.cpp - A per-TU front end over summaries --------------===//
//
// stallscan-frontend-sim --index=FILE [--check]
//                        [--edit=none|call|blocking|move]
//                        [--quiet] SUMMARY-OR-FOLDER...
//
// Does what a per-TU front end (the compiler plugin, the clang-tidy module,
// clangd) does with an index for each TU whose summary is given, without a
// compiler: the summary stands for the TU's fresh facts, and the files its
// facts name for the files the TU read. So the index's stored results can
// be checked and measured on programs that exist only as summaries (the
// synthetic ones of test/bench/synth.cpp) as well as on real ones.
//
//   --check          also do a full load for each TU (the index decoded,
//                    linked and analysed) and compare the findings, text for
//                    text; any difference is printed and exits 1
//   --edit=call      edit each TU first: a new call from its first function
//                    into a function another TU defines (a fresh TU that
//                    must not be served from the stored results)
//   --edit=blocking  a new blocking call (sleep) in its first function
//   --edit=move      its code moved: every place of its main file 3 lines
//                    down, 4 more from line 20 on, and the columns of its
//                    first line doubled (shapeHash: served, each place
//                    moved)
//
// Prints one line per TU ("<main file>: stored results" or "<main file>:
// full load (<why>)"), unless --quiet, then a count.
//
//===----------------------------------------------------------------------===//
#include "driver/Config.h"
#include "driver/SummaryFiles.h"
#include "driver/StoredResults.h"
#include "driver/TUFrontEnd.h"
#include "rules/Finding.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "MovedSummary.h"
#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace stallscan;

namespace {

void collect(const std::string &Path, std::vector<std::string> &Out) {
  if (!llvm::sys::fs::is_directory(Path)) {
    Out.push_back(Path);
    return;
  }
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Path, EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".stallscan.json"))
      Out.push_back(It->path());
}

/// The files a TU whose facts are \p S read: those its facts name.
std::set<std::string> filesOf(const TUSummary &S) {
  std::set<std::string> Files{S.MainFile};
  auto Add = [&](const Loc &L) {
    if (!L.File.empty())
      Files.insert(L.File.str());
  };
  for (const auto &F : S.Functions)
    Add(F.Where);
  for (const auto &C : S.Calls)
    Add(C.Where);
  for (const auto &B : S.Blocking)
    Add(B.Where);
  for (const auto &R : S.Roots)
    Add(R.Where);
  for (const auto &C : S.CriticalSections)
    Add(C.Lock.Acquired);
  for (const auto &R : S.Reactors)
    Add(R.Where);
  return Files;
}

/// The first function \p S defines in its main file.
const FunctionFact *firstOwn(const TUSummary &S) {
  for (const FunctionFact &F : S.Functions)
    if (F.Where.File == S.MainFile)
      return &F;
  return nullptr;
}

/// \p S with its code moved (--edit=move).
TUSummary moved(const TUSummary &S) {
  unsigned First = ~0u;
  std::vector<Place> Places;
  shapeHash(S, Places);
  if (!Places.empty())
    First = Places.front().first;
  auto Move = [&](Place P) {
    return Place{P.first + 3 + (P.first >= 20 ? 4 : 0),
                 P.first == First ? P.second * 2 : P.second};
  };
  return movedSummary(S, Move);
}

} // namespace

int main(int argc, char **argv) {
  std::string Index, Edit = "none";
  bool Check = false, Quiet = false;
  std::vector<std::string> Paths;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef A(argv[I]);
    if (A.consume_front("--index="))
      Index = A.str();
    else if (A.consume_front("--edit="))
      Edit = A.str();
    else if (A == "--check")
      Check = true;
    else if (A == "--quiet")
      Quiet = true;
    else
      collect(A.str(), Paths);
  }
  if (Index.empty() || Paths.empty() ||
      (Edit != "none" && Edit != "call" && Edit != "blocking" &&
       Edit != "move")) {
    llvm::errs() << "usage: stallscan-frontend-sim --index=FILE [--check] "
                    "[--edit=none|call|blocking|move] [--quiet] SUMMARY...\n";
    return 2;
  }
  std::sort(Paths.begin(), Paths.end());
  std::vector<TUSummary> Units;
  try {
    for (const std::string &P : Paths)
      for (TUSummary &U : readSummarySet(P).Units)
        Units.push_back(std::move(U));
  } catch (const ConfigError &E) {
    llvm::errs() << "stallscan-frontend-sim: " << E.what() << "\n";
    return 2;
  }
  std::vector<std::string> Every;
  for (const CheckInfo &C : allChecks())
    Every.push_back(C.Id);

  size_t Stored = 0, Full = 0, Compared = 0, Differ = 0;
  for (size_t K = 0; K < Units.size(); ++K) {
    TUSummary Fresh = Units[K];
    const FunctionFact *Own = firstOwn(Fresh);
    if (Edit == "move")
      Fresh = moved(Fresh);
    else if (Edit != "none" && Own) {
      Loc At{Fresh.MainFile, 100000, 1};
      if (Edit == "call") {
        // Into the next TU that defines a function in its main file.
        for (size_t J = 1; J < Units.size(); ++J)
          if (const FunctionFact *Other =
                  firstOwn(Units[(K + J) % Units.size()])) {
            CallFact C;
            C.Caller = Own->Id;
            C.Callee = Other->Id;
            C.Where = At;
            Fresh.Calls.push_back(C);
            break;
          }
      } else {
        BlockingFact B;
        B.Caller = Own->Id;
        B.Api = "sleep";
        B.Kind = "sleep";
        B.Alternative = "a timer";
        B.Where = At;
        Fresh.Blocking.push_back(B);
      }
      Fresh.normalise();
    }
    std::set<std::string> Files = filesOf(Fresh);
    auto InTU = [&](const std::string &F) { return Files.count(F) != 0; };
    FrontEndSetup Setup;
    try {
      Setup = loadFrontEndSetup(Index, "", "");
    } catch (const ConfigError &E) {
      llvm::errs() << "stallscan-frontend-sim: " << E.what() << "\n";
      return 2;
    }
    std::string Why;
    std::vector<Finding> Got =
        findingsInTU(Fresh, Setup, Every, {}, InTU, &Why);
    (Why.empty() ? Stored : Full)++;
    if (!Quiet)
      llvm::outs() << Fresh.MainFile << ": "
                   << (Why.empty() ? "stored results" : "full load (" + Why + ")")
                   << "\n";
    if (!Check || !Why.empty())
      continue;
    FrontEndSetup Loaded = Setup;
    Loaded.Results.reset();
    ensureIndex(Loaded);
    std::string Unused;
    std::string A = findingsText(Got);
    std::string B = findingsText(
        findingsInTU(Fresh, Loaded, Every, {}, InTU, &Unused));
    ++Compared;
    if (A != B) {
      ++Differ;
      llvm::outs() << Fresh.MainFile << ": DIFFERS from a full load\n"
                   << "front end:\n"
                   << A << "full load:\n"
                   << B;
    }
  }
  llvm::outs() << Units.size() << " TUs: " << Stored << " from stored results, "
               << Full << " full loads";
  if (Check)
    llvm::outs() << "; " << Compared << " compared with a full load, "
                 << Differ << " differ";
  llvm::outs() << "\n";
  return Differ ? 1 : 0;
}
