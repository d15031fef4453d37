//===--- JsonReport.cpp - Machine-readable report -------------------------===//
//
// The schema is documented in docs/json-schema.md and versioned by
// ReportFormatVersion; fields are only ever added within a version.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"

#include "llvm/Support/raw_ostream.h"
#include <nlohmann/json.hpp>

namespace stallscan {

nlohmann::json reportJson(const Report &R) {
  using nlohmann::json;
  auto LocJ = [&](const Loc &L, json &J) {
    J["file"] = R.displayPath(L.File);
    J["line"] = L.Line;
    J["column"] = L.Col;
  };
  json Findings = json::array();
  for (const Finding &F : R.Findings) {
    json J;
    J["check"] = F.Check;
    J["severity"] = F.Severity;
    J["category"] = F.Category;
    LocJ(F.Where, J);
    J["message"] = F.Message;
    J["api"] = F.Api;
    J["kind"] = F.Kind;
    J["function"] = F.Function;
    json Trace = json::array();
    for (const Note &N : F.Trace) {
      json T;
      LocJ(N.Where, T);
      T["message"] = N.Message;
      Trace.push_back(std::move(T));
    }
    J["trace"] = std::move(Trace);
    J["context"] = {{"kind", F.ContextKind}, {"root", F.Root}};
    J["fingerprint"] = F.Fingerprint;
    J["suppressed"] = F.Suppressed;
    if (!F.Metrics.empty())
      J["metrics"] = F.Metrics;
    Findings.push_back(std::move(J));
  }
  json Evidence = json::array();
  for (const auto &E : R.Architecture.Items) {
    json J{{"kind", E.Kind}, {"message", E.Message}};
    if (E.Where.valid())
      LocJ(E.Where, J);
    Evidence.push_back(std::move(J));
  }
  json Hint = nullptr;
  if (!R.Architecture.Hint.empty()) {
    Hint = {{"message", R.Architecture.Hint}};
    if (R.Architecture.HintWhere.valid())
      LocJ(R.Architecture.HintWhere, Hint);
  }
  json Components = json::array();
  for (const ComponentVerdict &C : R.Components) {
    json Ev = json::array();
    for (const auto &E : C.Verdict.Items)
      Ev.push_back({{"kind", E.Kind}, {"message", E.Message}});
    Components.push_back(
        {{"name", C.Name},
         {"path", R.displayPath(C.Root)},
         {"verdict", C.Verdict.Verdict},
         {"reason", C.Verdict.Reason},
         {"evidence", Ev},
         {"entry_points", C.Verdict.EntryPoints},
         {"non_blocking_entry_points", C.Verdict.NonBlockingEntryPoints}});
  }
  json Errors = json::array();
  for (const auto &E : R.Errors)
    Errors.push_back({{"file", R.displayPath(E.File)}, {"message", E.Message}});
  json Stats = json::object();
  for (const auto &[K, V] : R.Stats)
    Stats[K] = V;
  json Doc{
      {"version", ReportFormatVersion},
      {"tool", {{"name", "stallscan"}, {"version", STALLSCAN_VERSION}}},
      {"findings", std::move(Findings)},
      {"architecture",
       {{"verdict", R.Architecture.Verdict},
        {"reason", R.Architecture.Reason},
        {"evidence", std::move(Evidence)},
        {"counts", R.Architecture.Counts},
        {"entry_points", R.Architecture.EntryPoints},
        {"non_blocking_entry_points", R.Architecture.NonBlockingEntryPoints},
        {"hint", Hint},
        {"components", Components}}},
      {"stats", std::move(Stats)},
      {"errors", std::move(Errors)}};
  return Doc;
}

void writeJson(const Report &R, llvm::raw_ostream &OS) {
  // File names and source need not be UTF-8: U+FFFD, not an exception.
  OS << reportJson(R).dump(2, ' ', /*ensure_ascii=*/false,
                           nlohmann::json::error_handler_t::replace)
     << "\n";
}

} // namespace stallscan
