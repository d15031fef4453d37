//===--- BlockingInEventLoop.cpp ------------------------------------------===//
//
// One finding per blocking call site that the loop reachability reaches:
// either the site is inside a reactor loop body, or the function containing
// it is reachable from a loop root over call edges. When several functions
// contain the same site (instantiations of one template), the one nearest to a
// root gives the witness.
//
//===----------------------------------------------------------------------===//
#include "rules/BlockingInEventLoop.h"
#include "analysis/Program.h"

#include <map>
#include <tuple>

namespace stallscan {

void BlockingInEventLoop::run(const AnalysisInput &In,
                              std::vector<Finding> &Out) {
  const Program &P = In.Prog;
  const LoopReachability &R = In.Loop;
  const int NF = static_cast<int>(P.Functions.size());
  bool RawSockets = In.getOption(Id, "report-raw-socket-io") == "true";

  // Best (nearest) hit per site.
  struct Hit {
    const BlockingFact *Fact;
    int Node; ///< function, or NF + reactor
    int Dist;
  };
  std::map<std::tuple<Loc, std::string>, Hit> Best;
  // A call some handlers may make (`future::get()` in a seastar::thread) is
  // judged on the reachability from the other roots only.
  std::map<std::vector<std::string>, LoopReachability> Without;
  auto ReachFor = [&](const BlockingFact &B) -> const LoopReachability & {
    if (B.AllowedIn.empty())
      return R;
    auto It = Without.find(B.AllowedIn);
    if (It == Without.end())
      It = Without.emplace(B.AllowedIn, withoutRootsOf(P, R, B.AllowedIn))
               .first;
    return It->second;
  };
  for (const BlockingFact &B : P.Blocking) {
    if (B.RawSocket && (!RawSockets || B.NonBlocking))
      continue;
    const LoopReachability &RB = ReachFor(B);
    int Node = -1;
    if (B.Reactor >= 0)
      Node = NF + B.Reactor;
    else if (int F = P.find(B.Caller); F >= 0 && RB.reached(F))
      Node = F;
    if (Node < 0)
      continue;
    auto Key = std::make_tuple(B.Where, B.Api);
    auto It = Best.find(Key);
    if (It == Best.end() || RB.Dist[Node] < It->second.Dist)
      Best[Key] = {&B, Node, RB.Dist[Node]};
  }

  for (const auto &[Key, H] : Best) {
    const BlockingFact &B = *H.Fact;
    Finding F = Finding::atBlockingCall(Id, "speed", B);
    F.Message = "blocking call to '" + B.Api + "' on the event loop";
    if (!B.Alternative.empty())
      F.Message += "; " + B.Alternative;
    // A one-shot initialisation blocks the loop once per process: still
    // a stall of whatever request comes first, marked so it sorts out.
    if (!B.OnceFlag.empty()) {
      F.Message += " (runs once per process: only while the static '" +
                   B.OnceFlag + "' is still clear)";
      F.Metrics["runs_once"] = 1;
    }
    const LoopReachability &RB = ReachFor(B);
    AnalysisInput InB{In.Prog, RB, In.Locks, In.Entries, In.Options};
    F.Trace = loopTrace(InB, H.Node, &F.Path);
    const LoopRoot &Root = RB.Roots[RB.RootOf[H.Node]];
    static const char *Kinds[] = {"handler", "coroutine", "annotated", "config",
                                  "reactor"};
    F.ContextKind = Kinds[Root.K];
    if (Root.Function >= 0)
      F.Root = P.Functions[Root.Function].Name;
    if (int Fn = P.find(B.Caller); Fn >= 0) {
      F.Function = P.Functions[Fn].Name;
      // How many request entry points reach the call: the speed ranking.
      F.Metrics["entry_points"] = std::max(1, In.Entries.Count[Fn]);
    } else {
      F.Metrics["entry_points"] = 1; // inside a reactor loop body
    }
    Out.push_back(std::move(F));
  }
}

} // namespace stallscan
