//===--- HtmlReport.cpp - One self-contained HTML dashboard ---------------===//
//
// The page embeds the JSON report, plus the source of every file a finding
// or a step of its path is in, and renders it with inline JavaScript: no
// network, no external files. It shows the risk summary of the text output
// (worst risks first), the verdict and its evidence, bar charts by check,
// category and component, a findings table ranked by risk with a filter box,
// and for the selected finding its path as a chain of steps beside the full
// source of the step's file, the path's lines highlighted.
//
// Findings are numbered as the text output numbers them (from 1, the
// unsuppressed ones in report order; suppressed ones are s1, s2...), and
// `#finding-N` in the URL opens finding N. Script errors are counted on
// <body data-errors>, and <body data-rendered="1"> marks a finished render,
// so a headless browser can check the page without a driver.
//
// The embedded JSON is source text chosen by whoever wrote the analysed
// code: every '<', '>' and '&' in it is written as a \u escape, so no
// comment ("<!--", "</script>", "<script>") can end or re-enter the script
// element. Files are embedded whole up to a size bound, else as windows
// around the lines the findings point at.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"

#include "llvm/Support/raw_ostream.h"
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace stallscan {

#include "report/HtmlPage.inc"

namespace {

/// Bounds on the embedded source: past them a file is embedded as windows
/// of Context lines around the lines the findings point at.
constexpr size_t MaxWholeFileBytes = 512 * 1024;
constexpr size_t MaxWholeFileLines = 10000;
constexpr size_t MaxTotalBytes = 8 * 1024 * 1024;
constexpr unsigned Context = 20;
constexpr size_t MaxLineBytes = 400;

std::string clip(const std::string &Line) {
  if (Line.size() <= MaxLineBytes)
    return Line;
  size_t End = MaxLineBytes;
  while (End > 0 && (static_cast<unsigned char>(Line[End]) & 0xc0) == 0x80)
    --End; // not inside a UTF-8 character
  return Line.substr(0, End) + "\u2026";
}

/// {"total": lines, "whole": bool, "chunks": [{"start": N, "lines": [...]}]}
nlohmann::json embedSource(const std::vector<std::string> &Lines,
                           const std::set<unsigned> &Wanted, size_t &Budget) {
  size_t Bytes = 0;
  for (const std::string &L : Lines)
    Bytes += L.size() + 1;
  nlohmann::json Chunks = nlohmann::json::array();
  bool Whole = Bytes <= MaxWholeFileBytes &&
               Lines.size() <= MaxWholeFileLines && Bytes <= Budget;
  auto Chunk = [&](size_t From, size_t To) { // 1-based, inclusive
    nlohmann::json Text = nlohmann::json::array();
    for (size_t N = From; N <= To; ++N) {
      Text.push_back(clip(Lines[N - 1]));
      Budget -= std::min(Budget, Text.back().get_ref<std::string &>().size());
    }
    Chunks.push_back({{"start", From}, {"lines", std::move(Text)}});
  };
  if (Whole && !Lines.empty()) {
    Chunk(1, Lines.size());
  } else if (!Whole) {
    size_t From = 0, To = 0;
    for (unsigned W : Wanted) {
      if (W == 0 || W > Lines.size())
        continue;
      size_t A = W > Context ? W - Context : 1;
      size_t B = std::min<size_t>(W + Context, Lines.size());
      if (From && A <= To + 1) {
        To = std::max(To, B);
        continue;
      }
      if (From)
        Chunk(From, To);
      From = A;
      To = B;
    }
    if (From)
      Chunk(From, To);
  }
  return {{"total", Lines.size()}, {"whole", Whole}, {"chunks", Chunks}};
}

/// JSON text that is inert inside <script>: '<', '>' and '&' only occur in
/// JSON strings, where their \u escapes mean the same to JSON.parse.
std::string scriptSafe(const std::string &Data) {
  std::string Safe;
  Safe.reserve(Data.size() + Data.size() / 16);
  for (size_t I = 0; I < Data.size(); ++I) {
    char C = Data[I];
    if (C == '<')
      Safe += "\\u003c";
    else if (C == '>')
      Safe += "\\u003e";
    else if (C == '&')
      Safe += "\\u0026";
    else if (C == '\xe2' && I + 2 < Data.size() && Data[I + 1] == '\x80' &&
             (Data[I + 2] == '\xa8' || Data[I + 2] == '\xa9')) {
      // U+2028 and U+2029 end a line in older JavaScript parsers.
      Safe += Data[I + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      I += 2;
    } else
      Safe += C;
  }
  return Safe;
}

} // namespace

void writeHtml(const Report &R, llvm::raw_ostream &OS) {
  nlohmann::json Doc = reportJson(R);

  // Numbers as in the text output, and the risk ranking.
  std::vector<unsigned> Numbers = findingNumbers(R);
  std::vector<size_t> Order = riskOrder(R);
  std::vector<size_t> Rank(R.Findings.size(), Order.size());
  for (size_t K = 0; K < Order.size(); ++K)
    Rank[Order[K]] = K;
  unsigned SuppressedNo = 0;
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    nlohmann::json &J = Doc["findings"][I];
    J["id"] = Numbers[I] ? std::to_string(Numbers[I])
                         : "s" + std::to_string(++SuppressedNo);
    J["rank"] = Rank[I] + (R.Findings[I].Suppressed ? I : 0);
  }
  std::string Summary;
  llvm::raw_string_ostream SummaryOS(Summary);
  writeRiskSummary(R, SummaryOS);
  Doc["risk_summary"] = Summary;
  Doc["help_uri_base"] = R.HelpUriBase;
  // Without a published docs base, the page carries the check pages itself
  // (as SARIF does), and its docs links open them in place.
  if (R.HelpUriBase.empty()) {
    nlohmann::json Docs = nlohmann::json::object();
    for (const CheckInfo &C : allChecks())
      Docs[C.Id] = checkDocumentation(C.Id);
    Doc["check_docs"] = std::move(Docs);
  }

  // The source of every file a finding or a step of its path is in.
  std::map<std::string, std::set<unsigned>> Wanted; // absolute path -> lines
  for (const Finding &F : R.Findings) {
    Wanted[F.Where.File].insert(F.Where.Line);
    for (const Note &N : F.Trace)
      Wanted[N.Where.File].insert(N.Where.Line);
  }
  SourceLines Lines;
  size_t Budget = MaxTotalBytes;
  nlohmann::json Sources = nlohmann::json::object();
  for (const auto &[File, Want] : Wanted)
    if (!File.empty())
      Sources[R.displayPath(File)] =
          embedSource(Lines.lines(File), Want, Budget);
  Doc["sources"] = std::move(Sources);

  std::string Data = Doc.dump(-1, ' ', /*ensure_ascii=*/false,
                              nlohmann::json::error_handler_t::replace);
  std::string Out = Page;
  size_t At = Out.find("@DATA@");
  Out.replace(At, 6, scriptSafe(Data));
  OS << Out;
}

} // namespace stallscan
