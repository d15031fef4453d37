//===--- Checks.cpp - Registry, traces and fingerprints -------------------===//
//
// The registry is expanded from Checks.def. runChecks() runs the enabled rules
// and gives each finding a fingerprint that survives unrelated edits: it hashes
// the check, the file relative to the project root, the function containing
// the site, the API called and the site's ordinal among identical calls in
// that function; never a line number.
//
//===----------------------------------------------------------------------===//
#include "analysis/Program.h"
#include "rules/BlockingInEventLoop.h"
#include "rules/Finding.h"
#include "rules/LockChecks.h"
#include "summary/Paths.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <cassert>
#include <map>
#include <tuple>

namespace stallscan {

const std::vector<CheckInfo> &allChecks() {
  static const std::vector<CheckInfo> Checks = {
#define STALLSCAN_CHECK(Class, Id, Category, Default, Summary)                 \
  {Id, Category, Default, Summary},
#include "rules/Checks.def"
  };
  return Checks;
}

std::string checkDocumentation(const std::string &CheckId) {
  static const std::map<std::string, const char *> Pages = {
#include "CheckDocs.inc"
  };
  const std::string Prefix = "stallscan-";
  if (CheckId.compare(0, Prefix.size(), Prefix) != 0)
    return "";
  auto It = Pages.find(CheckId.substr(Prefix.size()));
  return It == Pages.end() ? "" : It->second;
}

const std::vector<CheckOptionInfo> &allCheckOptions() {
  static const std::vector<CheckOptionInfo> Options = {
#define STALLSCAN_CHECK_OPTION(Check, Name, Type, Default, Summary)            \
  {Check, Name, Type, Default, Summary},
#include "rules/CheckOptions.def"
  };
  return Options;
}

std::string AnalysisInput::getOption(const std::string &Check,
                                     const std::string &Name) const {
  if (auto It = Options.find(Check + "." + Name); It != Options.end())
    return It->second;
  for (const CheckOptionInfo &O : allCheckOptions())
    if (Check == O.Check && Name == O.Name)
      return O.Default;
  assert(false && "option missing from CheckOptions.def");
  return "";
}

static std::string rootNote(const Program &P, const LoopRoot &R) {
  const std::string Name =
      R.Function >= 0 ? P.Functions[R.Function].Name : std::string("?");
  switch (R.K) {
  case LoopRoot::Handler: {
    std::string Who =
        Name.rfind("lambda", 0) == 0 ? "lambda" : "'" + Name + "'";
    if (R.Via == "override")
      return Who + " overrides '" + R.Api + "', which runs on the event loop";
    if (R.Via == "base")
      return Who + " is the constructor of a subclass of '" + R.Api +
             "', which runs on the event loop";
    if (R.Via == "symbol")
      return Who + " is called by the runtime by its symbol name, on the "
                   "event loop";
    const char *How = R.Via == "macro"   ? " stored by '"
                      : R.Via == "field" ? " stored in '"
                                         : " passed to '";
    return Who + How + R.Api + "' runs on the event loop";
  }
  case LoopRoot::Coroutine:
    return "coroutine '" + Name + "' runs on the event loop";
  case LoopRoot::Annotated:
    return "'" + Name + "' is annotated as running on the event loop";
  case LoopRoot::Config:
    return "'" + Name + "' matches the event-loop pattern '" + R.Api +
           "' from the config";
  case LoopRoot::Reactor:
    if (P.Reactors[R.ReactorIndex].Turn)
      return "'" + Name + "' waits in '" + R.Api +
             "' here and then dispatches the ready events: one turn of an "
             "event loop, what follows runs on it";
    return "the loop in '" + Name + "' waits in '" + R.Api +
           "' here; its body runs on the event loop";
  }
  return {};
}

/// How a note names what an indirect call at \p Site goes through: the
/// field or global it reads (`'redisCommand::proc'`, a std::function member
/// `'curl::Request::doneCb_'`), else "a function pointer".
static std::string indirectStorageName(const Program &P, const Loc &Site) {
  auto It = P.IndirectSites.find(Site);
  if (It == P.IndirectSites.end())
    return "a function pointer";
  llvm::StringRef Key = It->second;
  if (!Key.consume_front("field:"))
    Key.consume_front("var:");
  Key = Key.take_until([](char C) { return C == '@'; }); // a static's unit
  return "'" + Key.str() + "'";
}

std::vector<Note> loopTrace(const AnalysisInput &In, int Node,
                            std::vector<PathStep> *Path) {
  const Program &P = In.Prog;
  const LoopReachability &R = In.Loop;
  const int NF = static_cast<int>(P.Functions.size());
  auto Name = [&](int N) -> PathStep {
    if (N < NF)
      return {P.Functions[N].Id, P.Functions[N].Name};
    const FunctionFact &Fn = P.Functions[R.Roots[R.RootOf[N]].Function];
    // Named by where it waits, not by its node number: reactors are
    // numbered in the order the link meets them, which depends on the
    // order of the units (a front end links its TU first).
    const Loc &At = P.Reactors[N - NF].Where;
    return {"loop:" + std::to_string(At.Line) + ":" + std::to_string(At.Col) +
                ":" + Fn.Id,
            "loop in " + Fn.Name};
  };
  std::vector<Note> Frames;
  std::vector<PathStep> Names{Name(Node)};
  for (int N = Node; R.Pred[N] >= 0; N = R.Pred[N]) {
    int From = R.Pred[N];
    Names.push_back(Name(From));
    std::string Caller = From < NF
                             ? P.Functions[From].Name
                             : P.Functions[R.Roots[R.RootOf[N]].Function].Name;
    const std::string &Callee = P.Functions[N].Name;
    std::string Msg;
    if (R.PredIndirect[N])
      Msg = "'" + Caller + "' may call '" + Callee + "' through " +
            indirectStorageName(P, R.PredSite[N]) + " here";
    else if (R.PredCallback[N])
      Msg = "'" + Caller + "' passes '" + Callee + "' here, which may call it";
    else
      Msg = "'" + Caller + "' calls '" + Callee + "' here";
    Frames.push_back({R.PredSite[N], std::move(Msg)});
  }
  const LoopRoot &Root = R.Roots[R.RootOf[Node]];
  Frames.push_back({Root.Where, rootNote(P, Root)});
  std::reverse(Frames.begin(), Frames.end());
  if (Path)
    Path->assign(Names.rbegin(), Names.rend());
  return Frames;
}

std::vector<Finding> runChecks(const AnalysisInput &In,
                               const std::vector<std::string> &Enabled,
                               const std::string &Root) {
  std::vector<Finding> Out;
  auto On = [&](const char *Id) {
    return std::find(Enabled.begin(), Enabled.end(), Id) != Enabled.end();
  };
#define STALLSCAN_CHECK(Class, Id, Category, Default, Summary)                 \
  if (On(Id))                                                                  \
    Class::run(In, Out);
#include "rules/Checks.def"

  // Stable: findings at one site of one check keep the check's order, so
  // the findings of some checks are those of every check, filtered (what
  // an index's stored results rely on, StoredResults.h).
  std::stable_sort(Out.begin(), Out.end(), [](const Finding &A, const Finding &B) {
    return std::tie(A.Where, A.Check, A.Api) <
           std::tie(B.Where, B.Check, B.Api);
  });
  std::map<std::tuple<std::string, std::string, std::string, std::string>, int>
      Ordinal;
  for (Finding &F : Out) {
    std::string File = relativeTo(F.Where.File, Root);
    int N = Ordinal[{F.Check, File, F.Function, F.Api}]++;
    std::string Key = F.Check + "\n" + File + "\n" + F.Function + "\n" + F.Api +
                      "\n" + std::to_string(N);
    F.Fingerprint = llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(Key)),
                                    /*LowerCase=*/true, /*Width=*/16);
  }
  return Out;
}

} // namespace stallscan
