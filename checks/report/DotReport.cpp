//===--- DotReport.cpp - Graphviz view of the loop-to-blocking graph ------===//
//
// One node per function on a witness path and one per blocking call site;
// edges follow the paths of the blocking-in-event-loop findings, merged, so
// the picture shows which handlers funnel into which blocking calls.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"

#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>

namespace stallscan {

static std::string quote(const std::string &S) {
  std::string Out = "\"";
  for (char C : S) { // labels use DOT's own "\n" escapes: leave backslashes
    if (C == '"')
      Out += '\\';
    Out += C;
  }
  return Out + "\"";
}

void writeDot(const Report &R, llvm::raw_ostream &OS) {
  std::set<std::string> Roots, Functions;
  std::map<std::string, std::string> Calls; // id -> label
  std::set<std::pair<std::string, std::string>> Edges;
  for (const Finding &F : R.Findings) {
    if (F.Suppressed || F.Path.empty())
      continue;
    Roots.insert(F.Path.front());
    for (size_t I = 0; I < F.Path.size(); ++I) {
      Functions.insert(F.Path[I]);
      if (I + 1 < F.Path.size())
        Edges.insert({F.Path[I], F.Path[I + 1]});
    }
    std::string Site =
        R.displayPath(F.Where.File) + ":" + std::to_string(F.Where.Line);
    std::string Id = "call:" + Site + ":" + F.Api;
    Calls[Id] = F.Api + "\\n" + Site + " (" + F.Kind + ")";
    Edges.insert({F.Path.back(), Id});
  }
  OS << "digraph stallscan {\n  rankdir=LR;\n  node "
        "[fontname=\"monospace\"];\n";
  for (const auto &Fn : Functions)
    OS << "  " << quote(Fn) << " [shape=box"
       << (Roots.count(Fn) ? ", style=filled, fillcolor=\"#dbeafe\"" : "")
       << "];\n";
  for (const auto &[Id, Label] : Calls)
    OS << "  " << quote(Id) << " [shape=ellipse, style=filled, "
       << "fillcolor=\"#fee2e2\", label=" << quote(Label) << "];\n";
  for (const auto &[From, To] : Edges)
    OS << "  " << quote(From) << " -> " << quote(To) << ";\n";
  OS << "}\n";
}

} // namespace stallscan
