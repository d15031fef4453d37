//===--- Architecture.cpp - Synchronous / asynchronous verdict ------------===//
//
// Asynchronous evidence: event-loop runners, registered handlers, coroutines,
// reactor loops. Synchronous evidence: a thread (or process) per accepted
// connection, and thread bodies (offload targets) that do blocking socket
// I/O themselves. Both kinds present makes a hybrid; neither, unknown.
//
//===----------------------------------------------------------------------===//
#include "rules/Architecture.h"
#include "analysis/Program.h"

#include <deque>
#include <set>

namespace stallscan {

static std::string plural(int N, const std::string &One) {
  return std::to_string(N) + " " + One + (N == 1 ? "" : "s");
}

ArchitectureVerdict classifyArchitecture(const Program &P,
                                         const LoopReachability &R) {
  ArchitectureVerdict V;
  auto Add = [&](const std::string &Kind, std::string Msg, Loc Where = {}) {
    V.Items.push_back({Kind, std::move(Msg), std::move(Where)});
  };

  // Loop runners, grouped by API.
  std::map<std::string, std::vector<const RunnerFact *>> Runners;
  for (const auto &Ru : P.Runners)
    Runners[Ru.Api].push_back(&Ru);
  for (const auto &[Api, Rs] : Runners)
    Add("loop-runner", "'" + Api + "' runs an event loop (" +
                           plural(static_cast<int>(Rs.size()), "call") + ")",
        Rs.front()->Where);

  std::map<std::string, std::set<std::string>> HandlersByLib;
  for (const auto &Rt : P.Roots)
    HandlersByLib[Rt.Library.empty() ? "custom" : Rt.Library].insert(Rt.Function);
  int Handlers = 0;
  for (const auto &[Lib, Fns] : HandlersByLib) {
    Handlers += static_cast<int>(Fns.size());
    Add("handlers", plural(static_cast<int>(Fns.size()), Lib + " handler") +
                        " registered on an event loop");
  }
  int Coroutines = 0;
  for (const auto &Rt : R.Roots)
    if (Rt.K == LoopRoot::Coroutine)
      ++Coroutines;
  if (Coroutines)
    Add("coroutines", plural(Coroutines, "coroutine") + " run on the event loop");
  for (const auto &Re : P.Reactors)
    Add("reactor", "a loop in '" +
                       P.Functions[P.find(Re.Function)].Name + "' waits in '" +
                       Re.WaitApi + "' (a hand-written reactor)",
        Re.Where);

  std::set<std::string> SeenTpc;
  for (const auto &T : P.ThreadPerConnection)
    if (SeenTpc.insert(T.Function + T.SpawnApi).second) {
      int F = P.find(T.Function);
      Add("thread-per-connection",
          "'" + (F >= 0 ? P.Functions[F].Name : T.Function) + "' accepts with '" +
              T.AcceptApi + "' and starts '" + T.SpawnApi +
              "' per connection",
          T.Where);
    }

  // Thread bodies that do blocking socket I/O (a pool of blocking workers).
  // Only the socket API counts: a write() to a wakeup pipe is no evidence.
  const int NF = static_cast<int>(P.Functions.size());
  std::vector<bool> Seen(NF, false);
  std::deque<int> Q;
  for (const auto &O : P.Offloads)
    if (int F = P.find(O.Target); F >= 0 && !Seen[F]) {
      Seen[F] = true;
      Q.push_back(F);
    }
  while (!Q.empty()) {
    int F = Q.front();
    Q.pop_front();
    for (const Edge &E : P.Calls[F])
      if (!Seen[E.To]) {
        Seen[E.To] = true;
        Q.push_back(E.To);
      }
  }
  int BlockingWorkers = 0;
  const BlockingFact *Example = nullptr;
  for (const auto &B : P.Blocking)
    if (B.RawSocket && B.Kind == "net" && B.Reactor < 0)
      if (int F = P.find(B.Caller); F >= 0 && Seen[F] && !R.reached(F)) {
        ++BlockingWorkers;
        if (!Example)
          Example = &B;
      }
  if (Example)
    Add("blocking-worker",
        plural(BlockingWorkers, "blocking socket call") +
            " on worker threads, e.g. '" + Example->Api + "'",
        Example->Where);

  bool Async = !Runners.empty() || Handlers > 0 || Coroutines > 0 ||
               !P.Reactors.empty();
  bool Sync = !SeenTpc.empty() || BlockingWorkers > 0;
  V.Counts = {{"loop_runners", static_cast<int>(P.Runners.size())},
              {"handlers", Handlers},
              {"coroutines", Coroutines},
              {"reactor_loops", static_cast<int>(P.Reactors.size())},
              {"thread_per_connection", static_cast<int>(SeenTpc.size())},
              {"blocking_worker_calls", BlockingWorkers}};
  if (Async && Sync) {
    V.Verdict = "hybrid";
    V.Reason = "event-loop code and thread-per-connection or blocking worker "
               "code are both present";
  } else if (Async) {
    V.Verdict = "asynchronous";
    V.Reason = "requests are served by event loops (" +
               plural(Handlers, "handler") + ", " +
               plural(Coroutines, "coroutine") + ", " +
               plural(static_cast<int>(P.Reactors.size()), "reactor loop") +
               ") and no thread-per-connection pattern was found";
  } else if (Sync) {
    V.Verdict = "synchronous";
    V.Reason = "connections are served by threads doing blocking I/O and no "
               "event loop was found";
  } else {
    V.Verdict = "unknown";
    V.Reason = "neither an event loop nor a thread-per-connection pattern was "
               "found";
  }
  return V;
}

} // namespace stallscan
