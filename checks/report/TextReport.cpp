//===--- TextReport.cpp - clang-style diagnostics -------------------------===//
//
// "file:line:col: warning: message [check]", the source line with a caret,
// then one "note:" per frame of the witness path, exactly as clang and
// clang-tidy print them, so editors and CI log parsers pick them up. The
// report ends with a one-line summary and the architecture verdict.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"
#include "summary/Paths.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <memory>
#include <set>

namespace stallscan {

std::string Report::displayPath(const std::string &Path) const {
  return relativeTo(Path, DisplayRoot);
}

struct SourceLines::Impl {
  std::map<std::string, std::vector<std::string>> Files;
};
SourceLines::SourceLines() : P(std::make_unique<Impl>()) {}
SourceLines::~SourceLines() = default;

std::string SourceLines::line(const std::string &File, unsigned N) {
  const std::vector<std::string> &Ls = lines(File);
  return N >= 1 && N <= Ls.size() ? Ls[N - 1] : std::string();
}

const std::vector<std::string> &SourceLines::lines(const std::string &File) {
  auto It = P->Files.find(File);
  if (It == P->Files.end()) {
    std::vector<std::string> Lines;
    if (auto B = llvm::MemoryBuffer::getFile(File, /*IsText=*/true)) {
      llvm::StringRef Text = (*B)->getBuffer();
      while (!Text.empty()) {
        auto [L, Rest] = Text.split('\n');
        Lines.push_back(L.rtrim('\r').str());
        Text = Rest;
      }
    }
    It = P->Files.emplace(File, std::move(Lines)).first;
  }
  return It->second;
}

void writeText(const Report &R, llvm::raw_ostream &OS) {
  SourceLines Lines;
  auto Where = [&](const Loc &L) {
    OS << R.displayPath(L.File) << ":" << L.Line << ":" << L.Col << ": ";
  };
  std::set<std::string> Files;
  size_t Shown = 0, Suppressed = 0;
  for (const Finding &F : R.Findings) {
    if (F.Suppressed) {
      ++Suppressed;
      continue;
    }
    ++Shown;
    Files.insert(F.Where.File);
    if (R.SummaryOnly)
      continue;
    Where(F.Where);
    if (R.Color)
      OS.changeColor(llvm::raw_ostream::MAGENTA, true);
    OS << F.Severity << ": ";
    if (R.Color)
      OS.resetColor();
    OS << F.Message << " [" << F.Check << "]\n";
    if (R.Snippets) {
      std::string Text = Lines.line(F.Where.File, F.Where.Line);
      if (!Text.empty()) {
        std::string Num = std::to_string(F.Where.Line);
        OS << "  " << Num << " | " << Text << "\n";
        OS << "  " << std::string(Num.size(), ' ') << " | ";
        for (unsigned I = 1; I < F.Where.Col && I <= Text.size(); ++I)
          OS << (Text[I - 1] == '\t' ? '\t' : ' ');
        OS << "^\n";
      }
    }
    for (const Note &N : F.Trace) {
      Where(N.Where);
      OS << "note: " << N.Message << "\n";
    }
  }
  const auto &A = R.Architecture;
  OS << "stallscan: " << Shown << (Shown == 1 ? " finding" : " findings")
     << " in " << Files.size() << (Files.size() == 1 ? " file" : " files")
     << " (" << R.Stats.at("translation_units") << " translation units";
  if (R.Stats.at("failed_translation_units"))
    OS << ", " << R.Stats.at("failed_translation_units") << " failed";
  OS << ")";
  if (Suppressed)
    OS << ", " << Suppressed << " suppressed";
  if (R.Baselined)
    OS << ", " << R.Baselined << " in the baseline";
  OS << "\n";
  OS << "architecture: " << A.Verdict << ": " << A.Reason << "\n";
  for (const auto &E : A.Items) {
    OS << "  evidence: " << E.Message;
    if (E.Where.valid())
      OS << " (" << R.displayPath(E.Where.File) << ":" << E.Where.Line << ")";
    OS << "\n";
  }
  if (!A.Hint.empty()) {
    OS << "  hint: " << A.Hint;
    if (A.HintWhere.valid())
      OS << " (" << R.displayPath(A.HintWhere.File) << ":" << A.HintWhere.Line
         << ")";
    OS << "\n";
  }
  writeRiskSummary(R, OS);
}

void writeRiskSummary(const Report &R, llvm::raw_ostream &OS) {
  std::map<std::string, int> ByCheck, Kinds;
  std::vector<const Finding *> Loop;
  for (const Finding &F : R.Findings) {
    if (F.Suppressed)
      continue;
    ++ByCheck[F.Check];
    if (F.Check == "stallscan-blocking-in-event-loop") {
      ++Kinds[F.Kind];
      Loop.push_back(&F);
    }
  }
  std::stable_sort(
      Loop.begin(), Loop.end(), [](const Finding *A, const Finding *B) {
        return A->Metrics.at("entry_points") > B->Metrics.at("entry_points");
      });
  auto Count = [&](const char *Id) {
    auto It = ByCheck.find(Id);
    return It == ByCheck.end() ? 0 : It->second;
  };
  OS << "risk summary:\n  speed: " << Loop.size()
     << " blocking calls reachable from event loops";
  if (!Kinds.empty()) {
    OS << " (";
    bool First = true;
    for (const auto &[K, N] : Kinds) {
      OS << (First ? "" : ", ") << K << " " << N;
      First = false;
    }
    OS << ")";
  }
  OS << "\n";
  for (size_t I = 0; I < Loop.size() && I < 3; ++I)
    OS << "    most reached: '" << Loop[I]->Api << "' at "
       << R.displayPath(Loop[I]->Where.File) << ":" << Loop[I]->Where.Line
       << " (" << Loop[I]->Metrics.at("entry_points") << " entry point"
       << (Loop[I]->Metrics.at("entry_points") == 1 ? "" : "s") << ")\n";
  auto Plural = [](int N, const char *One, const char *Many) {
    return std::to_string(N) + " " + (N == 1 ? One : Many);
  };
  OS << "  scalability: "
     << Plural(Count("stallscan-serialised-hot-path"), "serialised hot path",
               "serialised hot paths")
     << ", "
     << Plural(Count("stallscan-lock-held-while-blocking"),
               "blocking call under a lock", "blocking calls under a lock")
     << ", "
     << Plural(Count("stallscan-lock-held-across-suspend"),
               "lock held across a suspension",
               "locks held across a suspension");
  int Tpc = R.Architecture.Counts.count("thread_per_connection")
                ? R.Architecture.Counts.at("thread_per_connection")
                : 0;
  if (Tpc)
    OS << "; " << Tpc << " thread-per-connection accept loop"
       << (Tpc == 1 ? "" : "s")
       << " (memory and scheduling cost grow with every connection)";
  OS << "\n  architecture: " << R.Architecture.Verdict;
  if (R.Architecture.EntryPoints)
    OS << "; " << R.Architecture.NonBlockingEntryPoints << " of "
       << R.Architecture.EntryPoints << " event-loop entry points never block";
  OS << "\n";
  for (const ComponentVerdict &C : R.Components) {
    OS << "    component " << C.Name << ": " << C.Verdict.Verdict;
    if (C.Verdict.EntryPoints)
      OS << " (" << C.Verdict.NonBlockingEntryPoints << " of "
         << C.Verdict.EntryPoints << " entry points never block)";
    OS << "\n";
  }
}

} // namespace stallscan
