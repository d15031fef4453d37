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

namespace {
/// Whether a call that depends on a parameter is reached from the loop with
/// a value of that parameter that makes it block: through a reached caller
/// whose argument is unknown, or its own parameter reached the same way. A
/// caller passing the exempt value does not count: a zero for a guard
/// (BlockingFact::GuardParam, `stop_crawler(CRAWLER_NOWAIT)`), a
/// pseudo-filesystem path for a path (PathParam, `readFile("/proc/stat")`).
/// A function the loop enters itself (a root, a callback, a reactor body's
/// call) may be passed anything.
class GuardedReach {
public:
  GuardedReach(const Program &P, const LoopReachability &R,
               llvm::StringRef Exempt)
      : P(P), R(R), Exempt(Exempt), NF(static_cast<int>(P.Functions.size())),
        Callers(NF) {
    for (int F = 0; F < NF; ++F)
      for (const Edge &E : P.Calls[F])
        Callers[E.To].push_back({F, &E});
    for (size_t I = 0; I < P.ReactorCalls.size(); ++I)
      for (const Edge &E : P.ReactorCalls[I])
        Callers[E.To].push_back({NF + static_cast<int>(I), &E});
  }

  bool reached(int F, unsigned Param) {
    auto [It, New] = Memo.try_emplace({F, Param});
    if (!New)
      return It->second.Yes; // also false while deciding: a cycle adds none
    bool Yes = R.Pred[F] < 0; // a loop root: entered with anything
    for (const auto &[From, E] : Callers[F]) {
      if (Yes || !R.reached(From))
        continue;
      llvm::StringRef A = From < NF ? P.argOf(*E, Param) : "";
      if (A == Exempt)
        continue;
      unsigned Up = 0;
      if (A.consume_front("p") && !A.getAsInteger(10, Up) && From < NF &&
          !E->Callback && !E->Indirect) {
        if (!reached(From, Up))
          continue;
        Memo[{F, Param}].Next = static_cast<int>(Up);
      }
      Yes = true;
      Memo[{F, Param}].From = From;
      Memo[{F, Param}].Via = E;
    }
    Memo[{F, Param}].Yes = Yes;
    return Yes;
  }

  /// The trace to a guarded call in F: the loop's trace to the first
  /// caller that passes an unknown value, then the calls that pass the
  /// parameter down.
  std::vector<Note> trace(const AnalysisInput &In, int F, unsigned Param,
                          std::vector<PathStep> *Path) {
    std::vector<std::pair<int, const Edge *>> Chain; // callee, edge into it
    int Node = F;
    for (int Guard = 0; Guard < NF; ++Guard) {
      const Step &S = Memo[{Node, Param}];
      if (S.From < 0 || S.From >= NF || R.Pred[Node] < 0)
        break;
      Chain.push_back({Node, S.Via});
      Node = S.From;
      if (S.Next < 0)
        break;
      Param = static_cast<unsigned>(S.Next);
    }
    std::vector<Note> Frames = loopTrace(In, Node, Path);
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It) {
      const FunctionFact &Callee = P.Functions[It->first];
      Frames.push_back({It->second->Where, "'" + P.Functions[Node].Name +
                                               "' calls '" + Callee.Name +
                                               "' here"});
      if (Path)
        Path->push_back({Callee.Id, Callee.Name});
      Node = It->first;
    }
    return Frames;
  }

private:
  struct Step {
    bool Yes = false;
    int From = -1; ///< the caller through which it is reached
    const Edge *Via = nullptr;
    int Next = -1; ///< the caller's parameter passed on, if any
  };
  const Program &P;
  const LoopReachability &R;
  llvm::StringRef Exempt; ///< the argument item that does not reach
  int NF;
  std::vector<std::vector<std::pair<int, const Edge *>>> Callers;
  std::map<std::pair<int, unsigned>, Step> Memo;
};
} // namespace

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
  // Guarded calls, per reachability (the full one, or one without some
  // libraries' roots).
  std::map<std::pair<const LoopReachability *, bool>, GuardedReach> Guarded;
  auto GuardFor = [&](const LoopReachability &RB,
                      bool Path) -> GuardedReach & {
    auto It = Guarded.find({&RB, Path});
    if (It == Guarded.end())
      It = Guarded
               .emplace(std::piecewise_construct,
                        std::forward_as_tuple(&RB, Path),
                        std::forward_as_tuple(P, RB, Path ? "n" : "z"))
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
    if (B.GuardParam >= 0 && Node < NF &&
        !GuardFor(RB, false).reached(Node, static_cast<unsigned>(B.GuardParam)))
      continue; // every caller on the loop passes zero
    if (B.PathParam >= 0 && Node < NF &&
        !GuardFor(RB, true).reached(Node, static_cast<unsigned>(B.PathParam)))
      continue; // every caller on the loop passes a /proc or /dev path
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
    bool ByPath = B.GuardParam < 0 && B.PathParam >= 0;
    int Param = ByPath ? B.PathParam : B.GuardParam;
    F.Trace = Param >= 0 && H.Node < NF
                  ? GuardFor(RB, ByPath).trace(InB, H.Node,
                                               static_cast<unsigned>(Param),
                                               &F.Path)
                  : loopTrace(InB, H.Node, &F.Path);
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
