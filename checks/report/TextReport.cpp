//===--- TextReport.cpp - clang-style diagnostics -------------------------===//
//
// "file:line:col: warning: message [check]", the source line with a caret,
// then one "note:" per frame of the witness path, exactly as clang and
// clang-tidy print them, so editors and CI log parsers pick them up. The
// report ends with a one-line summary and the architecture verdict.
//
// Each finding is headed by a line of its own, "finding N of M", N being the
// number the HTML dashboard shows: on the diagnostic line itself a number
// would either come before "file:" (and break every parser that reads the
// file name from the start of the line) or after "[check]" (and break those
// that read the check id from the end). Everything that comes from the
// analysed code goes through printable(): a file name is attacker-chosen.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"
#include "summary/Paths.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <memory>
#include <set>
#include <tuple>

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

std::string printable(const std::string &Text) {
  static const char Hex[] = "0123456789abcdef";
  std::string Out;
  Out.reserve(Text.size());
  auto Escape = [&](unsigned char C) {
    Out += "\\x";
    Out += Hex[C >> 4];
    Out += Hex[C & 15];
  };
  for (size_t I = 0; I < Text.size();) {
    unsigned char C = Text[I];
    if (C < 0x80) {
      if ((C < 0x20 && C != '\t') || C == 0x7f)
        Escape(C);
      else
        Out += static_cast<char>(C);
      ++I;
      continue;
    }
    // A well-formed UTF-8 sequence passes, but for the C1 controls
    // (U+0080..U+009F, "\xc2\x9b" is CSI); any other byte is escaped alone.
    size_t Len = C >= 0xc2 && C <= 0xdf   ? 2
                 : C >= 0xe0 && C <= 0xef ? 3
                 : C >= 0xf0 && C <= 0xf4 ? 4
                                          : 0;
    bool Ok = Len && I + Len <= Text.size();
    for (size_t K = 1; Ok && K < Len; ++K)
      Ok = (static_cast<unsigned char>(Text[I + K]) & 0xc0) == 0x80;
    if (!Ok) {
      Escape(C);
      ++I;
      continue;
    }
    if (C == 0xc2 && static_cast<unsigned char>(Text[I + 1]) < 0xa0) {
      Escape(C);
      Escape(static_cast<unsigned char>(Text[I + 1]));
      I += 2;
      continue;
    }
    Out.append(Text, I, Len);
    I += Len;
  }
  return Out;
}

std::vector<unsigned> findingNumbers(const Report &R) {
  std::vector<unsigned> Numbers;
  unsigned N = 0;
  for (const Finding &F : R.Findings)
    Numbers.push_back(F.Suppressed ? 0 : ++N);
  return Numbers;
}

static long entryPoints(const Finding &F) {
  auto It = F.Metrics.find("entry_points");
  return It == F.Metrics.end() ? 0 : It->second;
}

std::vector<size_t> riskOrder(const Report &R) {
  std::vector<size_t> Order;
  for (size_t I = 0; I < R.Findings.size(); ++I)
    if (!R.Findings[I].Suppressed)
      Order.push_back(I);
  auto Category = [](const Finding &F) {
    return F.Category == "speed" ? 0 : F.Category == "scalability" ? 1 : 2;
  };
  std::stable_sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    const Finding &X = R.Findings[A], &Y = R.Findings[B];
    return std::make_tuple(X.Severity != "error", -entryPoints(X),
                           Category(X)) <
           std::make_tuple(Y.Severity != "error", -entryPoints(Y),
                           Category(Y));
  });
  return Order;
}

void writeText(const Report &R, llvm::raw_ostream &OS) {
  SourceLines Lines;
  auto Where = [&](const Loc &L) {
    OS << printable(R.displayPath(L.File)) << ":" << L.Line << ":" << L.Col
       << ": ";
  };
  std::set<std::string> Files;
  size_t Shown = 0, Suppressed = 0;
  for (const Finding &F : R.Findings)
    (F.Suppressed ? Suppressed : Shown) += 1;
  size_t Number = 0;
  for (const Finding &F : R.Findings) {
    if (F.Suppressed)
      continue;
    ++Number;
    Files.insert(F.Where.File);
    if (R.SummaryOnly)
      continue;
    OS << "finding " << Number << " of " << Shown << "\n";
    Where(F.Where);
    if (R.Color)
      OS.changeColor(llvm::raw_ostream::MAGENTA, true);
    OS << F.Severity << ": ";
    if (R.Color)
      OS.resetColor();
    OS << printable(F.Message) << " [" << F.Check << "]\n";
    if (R.Snippets) {
      std::string Text = Lines.line(F.Where.File, F.Where.Line);
      if (!Text.empty()) {
        std::string Num = std::to_string(F.Where.Line);
        OS << "  " << Num << " | " << printable(Text) << "\n";
        OS << "  " << std::string(Num.size(), ' ') << " | ";
        // One pad per column of the printed text: escapes widen it, the
        // continuation bytes of a UTF-8 character do not.
        std::string Before = printable(
            Text.substr(0, std::min<size_t>(F.Where.Col ? F.Where.Col - 1 : 0,
                                            Text.size())));
        for (char C : Before)
          if ((static_cast<unsigned char>(C) & 0xc0) != 0x80)
            OS << (C == '\t' ? '\t' : ' ');
        OS << "^\n";
      }
    }
    for (const Note &N : F.Trace) {
      Where(N.Where);
      OS << "note: " << printable(N.Message) << "\n";
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
  OS << "architecture: " << A.Verdict << ": " << printable(A.Reason) << "\n";
  for (const auto &E : A.Items) {
    OS << "  evidence: " << printable(E.Message);
    if (E.Where.valid())
      OS << " (" << printable(R.displayPath(E.Where.File)) << ":"
         << E.Where.Line << ")";
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
  std::vector<size_t> Loop;
  for (const Finding &F : R.Findings)
    if (!F.Suppressed)
      ++ByCheck[F.Check];
  for (size_t I : riskOrder(R)) {
    const Finding &F = R.Findings[I];
    if (F.Check == "stallscan-blocking-in-event-loop") {
      ++Kinds[F.Kind];
      Loop.push_back(I);
    }
  }
  std::vector<unsigned> Numbers = findingNumbers(R);
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
  for (size_t I = 0; I < Loop.size() && I < 3; ++I) {
    const Finding &F = R.Findings[Loop[I]];
    long Entries = entryPoints(F);
    OS << "    most reached: '" << printable(F.Api) << "' at "
       << printable(R.displayPath(F.Where.File)) << ":" << F.Where.Line
       << " (" << Entries << " entry point" << (Entries == 1 ? "" : "s")
       << "), finding " << Numbers[Loop[I]] << "\n";
  }
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
    OS << "    component " << printable(C.Name) << ": " << C.Verdict.Verdict;
    if (C.Verdict.EntryPoints)
      OS << " (" << C.Verdict.NonBlockingEntryPoints << " of "
         << C.Verdict.EntryPoints << " entry points never block)";
    OS << "\n";
  }
}

} // namespace stallscan
