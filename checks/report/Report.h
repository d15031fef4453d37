//===--- Report.h - Output formats ------------------------------*- C++ -*-===//
#ifndef STALLSCAN_REPORT_REPORT_H
#define STALLSCAN_REPORT_REPORT_H

#include "rules/Architecture.h"
#include "rules/Finding.h"
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace stallscan {

/// Version of the JSON report schema (docs/json-schema.md).
constexpr int ReportFormatVersion = 1;

struct TUError {
  std::string File;
  std::string Message;
};

struct Report {
  std::vector<Finding> Findings;
  ArchitectureVerdict Architecture;
  std::map<std::string, long> Stats;
  std::vector<TUError> Errors;
  /// Paths under this directory are shown relative to it.
  std::string DisplayRoot;
  bool Snippets = true;
  bool Color = false;
  /// Where rule help pages live, ending in '/': docs/checks/<id>.md below it.
  std::string HelpUriBase;
  long Baselined = 0; ///< findings dropped because the baseline has them
  std::vector<ComponentVerdict> Components;
  bool SummaryOnly = false;

  std::string displayPath(const std::string &Path) const;
};

/// The number each finding has in text and HTML output: the unsuppressed
/// findings counted from 1 in report order (by location); 0 when suppressed.
std::vector<unsigned> findingNumbers(const Report &R);
/// The unsuppressed findings, worst risk first: errors before warnings, then
/// the most request entry points reaching them, speed before scalability,
/// then report order. The risk summary and the HTML dashboard both rank so.
std::vector<size_t> riskOrder(const Report &R);
/// Text from the analysed code made safe for a terminal: control characters
/// (C0 but tab, DEL, C1) and invalid UTF-8 bytes become "\xNN", so a file
/// name or a source line cannot carry escape sequences.
std::string printable(const std::string &Text);

void writeText(const Report &R, llvm::raw_ostream &OS);
/// The closing summary in speed / scalability / architecture terms.
void writeRiskSummary(const Report &R, llvm::raw_ostream &OS);
void writeJson(const Report &R, llvm::raw_ostream &OS);
/// The JSON report as a document (writeJson prints it; the HTML embeds it).
nlohmann::json reportJson(const Report &R);
void writeHtml(const Report &R, llvm::raw_ostream &OS);

/// Reads source lines for snippets, each file once.
class SourceLines {
public:
  SourceLines();
  ~SourceLines();
  /// Line N (1-based) of File without its newline; empty when out of range.
  std::string line(const std::string &File, unsigned N);
  /// Every line of File (empty when it cannot be read).
  const std::vector<std::string> &lines(const std::string &File);

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};
void writeSarif(const Report &R, llvm::raw_ostream &OS);
void writeCodeClimate(const Report &R, llvm::raw_ostream &OS);
void writeDot(const Report &R, llvm::raw_ostream &OS);

} // namespace stallscan

#endif
