//===--- SarifReport.cpp - SARIF 2.1.0 for code scanning ------------------===//
//
// One run, one rule per check (its page of docs/checks/ as help, and a help
// URI when the docs are published: --help-uri-base), results with a code flow for the witness path,
// partialFingerprints from our line-independent fingerprints, and URIs
// relative to the SRCROOT base id. Suppressed findings carry an in-source
// suppression, as GitHub code scanning expects.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"

#include "llvm/Support/raw_ostream.h"
#include <nlohmann/json.hpp>

namespace stallscan {

static std::string uriEscape(const std::string &Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (isalnum(C) || C == '/' || C == '-' || C == '_' || C == '.' || C == '~')
      Out += static_cast<char>(C);
    else {
      char Buf[4];
      snprintf(Buf, sizeof Buf, "%%%02X", C);
      Out += Buf;
    }
  }
  return Out;
}

void writeSarif(const Report &R, llvm::raw_ostream &OS) {
  using nlohmann::json;
  auto Physical = [&](const Loc &L) {
    std::string Shown = R.displayPath(L.File);
    json Artifact{{"uri", uriEscape(Shown)}};
    if (Shown != L.File) // relative to the root
      Artifact["uriBaseId"] = "SRCROOT";
    else
      Artifact["uri"] = "file://" + uriEscape(L.File);
    return json{{"artifactLocation", Artifact},
                {"region", {{"startLine", L.Line}, {"startColumn", L.Col}}}};
  };
  json Rules = json::array();
  std::map<std::string, int> RuleIndex;
  for (const CheckInfo &C : allChecks()) {
    std::string Page =
        std::string(C.Id).substr(std::string("stallscan-").size());
    RuleIndex[C.Id] = static_cast<int>(Rules.size());
    // The check's whole page is the help GitHub shows beside an alert; a
    // help URI only when the docs are published somewhere (never a path of
    // the machine that ran the analysis).
    std::string Doc = checkDocumentation(C.Id);
    json Rule{
        {"id", C.Id},
        {"name", Page},
        {"shortDescription", {{"text", C.Summary}}},
        {"fullDescription", {{"text", C.Summary}}},
        {"help",
         {{"text", std::string(C.Summary) + " See docs/checks/" + Page +
                       ".md in the stallscan documentation."},
          {"markdown", Doc.empty() ? std::string(C.Summary) : Doc}}},
        {"defaultConfiguration", {{"level", "warning"}}},
        {"properties", {{"category", C.Category}, {"tags", {C.Category}}}}};
    if (!R.HelpUriBase.empty())
      Rule["helpUri"] = R.HelpUriBase + "checks/" + Page + ".md";
    Rules.push_back(std::move(Rule));
  }
  json Results = json::array();
  for (const Finding &F : R.Findings) {
    json Result{
        {"ruleId", F.Check},
        {"ruleIndex", RuleIndex[F.Check]},
        {"level", F.Severity == "error" ? "error" : "warning"},
        {"message", {{"text", F.Message}}},
        {"locations", json::array({{{"physicalLocation", Physical(F.Where)}}})},
        {"partialFingerprints", {{"stallscanFingerprint/v1", F.Fingerprint}}}};
    if (!F.Trace.empty()) {
      json Steps = json::array();
      for (const Note &N : F.Trace)
        Steps.push_back({{"location",
                          {{"physicalLocation", Physical(N.Where)},
                           {"message", {{"text", N.Message}}}}}});
      Steps.push_back({{"location",
                        {{"physicalLocation", Physical(F.Where)},
                         {"message", {{"text", F.Message}}}}}});
      Result["codeFlows"] = json::array(
          {{{"threadFlows", json::array({{{"locations", Steps}}})}}});
    }
    if (F.Suppressed)
      Result["suppressions"] = json::array({{{"kind", "inSource"}}});
    Results.push_back(std::move(Result));
  }
  json Run{
      {"tool",
       {{"driver",
         {{"name", "stallscan"},
          {"version", STALLSCAN_VERSION},
          {"semanticVersion", STALLSCAN_VERSION},
          {"rules", Rules}}}}},
      {"originalUriBaseIds",
       {{"SRCROOT", {{"uri", "file://" + uriEscape(R.DisplayRoot) + "/"}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", Results}};
  json Doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", json::array({Run})}};
  // File names and source need not be UTF-8: U+FFFD, not an exception.
  OS << Doc.dump(2, ' ', /*ensure_ascii=*/false,
                 nlohmann::json::error_handler_t::replace)
     << "\n";
}

void writeCodeClimate(const Report &R, llvm::raw_ostream &OS) {
  using nlohmann::json;
  json Issues = json::array();
  for (const Finding &F : R.Findings) {
    if (F.Suppressed)
      continue;
    std::string Body = F.Message;
    for (const Note &N : F.Trace)
      Body += "\n" + R.displayPath(N.Where.File) + ":" +
              std::to_string(N.Where.Line) + ": " + N.Message;
    Issues.push_back(
        {{"type", "issue"},
         {"check_name", F.Check},
         {"description", F.Message},
         {"content", {{"body", Body}}},
         {"categories",
          json::array({F.Category == "speed" ? "Performance" : "Complexity"})},
         {"severity", F.Severity == "error" ? "critical" : "major"},
         {"fingerprint", F.Fingerprint},
         {"location",
          {{"path", R.displayPath(F.Where.File)},
           {"positions",
            {{"begin", {{"line", F.Where.Line}, {"column", F.Where.Col}}}}}}}});
  }
  // File names and source need not be UTF-8: U+FFFD, not an exception.
  OS << Issues.dump(2, ' ', /*ensure_ascii=*/false,
                    nlohmann::json::error_handler_t::replace)
     << "\n";
}

} // namespace stallscan
