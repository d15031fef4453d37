//===--- DotReport.cpp - Graphviz view of the loop-to-blocking graph ------===//
//
// One node per function on a witness path and one per blocking call site;
// edges follow the paths of the blocking-in-event-loop findings, merged, so
// the picture shows which handlers funnel into which blocking calls. A node
// is a function's unique id, its label the display name: two lambdas in one
// function are both "lambda in f", and merging them would draw edges that
// do not exist.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"

#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>

namespace stallscan {

/// A DOT string. Labels use DOT's own "\n" escapes, so backslashes stay
/// unless \p Literal (ids, which are matched, not displayed).
static std::string quote(const std::string &S, bool Literal = false) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"' || (Literal && C == '\\'))
      Out += '\\';
    if (C == '\n' || C == '\r')
      Out += Literal ? ' ' : C;
    else
      Out += C;
  }
  return Out + "\"";
}

void writeDot(const Report &R, llvm::raw_ostream &OS) {
  std::set<std::string> Roots;
  std::map<std::string, std::string> Functions; // "fn:<id>" -> name
  std::map<std::string, std::string> Calls;     // id -> label
  std::set<std::pair<std::string, std::string>> Edges;
  for (const Finding &F : R.Findings) {
    if (F.Suppressed || F.Path.empty())
      continue;
    std::vector<std::string> Ids;
    for (const PathStep &S : F.Path) {
      Ids.push_back("fn:" + S.Id);
      Functions[Ids.back()] = S.Name;
    }
    Roots.insert(Ids.front());
    for (size_t I = 0; I + 1 < Ids.size(); ++I)
      Edges.insert({Ids[I], Ids[I + 1]});
    std::string Site =
        R.displayPath(F.Where.File) + ":" + std::to_string(F.Where.Line);
    std::string Id = "call:" + Site + ":" + F.Api;
    Calls[Id] = F.Api + "\\n" + Site + " (" + F.Kind + ")";
    Edges.insert({Ids.back(), Id});
  }
  OS << "digraph stallscan {\n  rankdir=LR;\n  node "
        "[fontname=\"monospace\"];\n";
  for (const auto &[Id, Name] : Functions)
    OS << "  " << quote(Id, true) << " [shape=box"
       << (Roots.count(Id) ? ", style=filled, fillcolor=\"#dbeafe\"" : "")
       << ", label=" << quote(Name) << "];\n";
  for (const auto &[Id, Label] : Calls)
    OS << "  " << quote(Id, true) << " [shape=ellipse, style=filled, "
       << "fillcolor=\"#fee2e2\", label=" << quote(Label) << "];\n";
  for (const auto &[From, To] : Edges)
    OS << "  " << quote(From, true) << " -> " << quote(To, true) << ";\n";
  OS << "}\n";
}

} // namespace stallscan
