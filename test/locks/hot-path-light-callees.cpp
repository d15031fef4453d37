// stallscan-serialised-hot-path: a call under the lock is work only if its
// callee does work. A callee with a short straight body (no loop, no
// allocation, no blocking call, fewer than min-statements statements) whose
// own calls are light too adds what its body written inline would add: a
// queue's take that signals "not full" through a wrapper is an O(1) handoff.
// A callee with a loop, an allocation, a longer body, a call to a heavy
// function, or a call out of the program is work.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 -pthread %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <deque>
#include <map>
#include <mutex>
#include <pthread.h>

namespace asio = boost::asio;

class Condition {
public:
  void notify() { pthread_cond_signal(&Cond); }
  pthread_cond_t Cond;
};
int bump(int X) { return X + 1; }
int twice(int X) { return bump(bump(X)); }

std::mutex QueueMutex;
std::deque<int> Queue;
Condition NotFull;
int testTakeSignalsThroughWrapper() {
  std::lock_guard<std::mutex> G(QueueMutex); // no-warning: light callees only
  int Job = Queue.front();
  Queue.pop_front();
  NotFull.notify();
  return twice(Job);
}

// A snapshot copied out under the lock: the implicit copy assignment's
// member-wise copies count as the one statement that asks for them.
struct Stats {
  long A, B, C, D, E, F, G;
};
std::mutex StatsMutex;
Stats Current;
Stats testSnapshotCopy() {
  Stats Snapshot;
  {
    std::lock_guard<std::mutex> L(StatsMutex); // no-warning: one copy
    Snapshot = Current;
  }
  return Snapshot;
}

std::map<int, int> Table;
void rebuild() {
  for (auto &KV : Table)
    KV.second = 0;
}
int scan(int X) { rebuild(); return X; }
std::mutex TableMutex;
int testCallIntoLoopingCallee() {
  std::lock_guard<std::mutex> G(TableMutex);
// CHECK: hot-path-light-callees.cpp:[[@LINE-1]]:31: warning: lock 'TableMutex' serialises every request {{.*}} [stallscan-serialised-hot-path]
  return scan(1); // light itself, but it calls a loop
}

int *grab() { return new int(1); }
std::mutex AllocMutex;
int *testCallIntoAllocatingCallee() {
  std::lock_guard<std::mutex> G(AllocMutex);
// CHECK: hot-path-light-callees.cpp:[[@LINE-1]]:31: warning: lock 'AllocMutex' serialises every request {{.*}} [stallscan-serialised-hot-path]
  return grab();
}

int vendorLookup(int); // out of the program
std::mutex VendorMutex;
int testCallOutOfTheProgram() {
  std::lock_guard<std::mutex> G(VendorMutex);
// CHECK: hot-path-light-callees.cpp:[[@LINE-1]]:31: warning: lock 'VendorMutex' serialises every request {{.*}} [stallscan-serialised-hot-path]
  return vendorLookup(1);
}

int countdown(int N) { return N ? countdown(N - 1) : 0; }
std::mutex RecursionMutex;
int testCallIntoRecursion() {
  std::lock_guard<std::mutex> G(RecursionMutex);
// CHECK: hot-path-light-callees.cpp:[[@LINE-1]]:31: warning: lock 'RecursionMutex' serialises every request {{.*}} [stallscan-serialised-hot-path]
  return countdown(3);
}

int main() {
  asio::io_context Io;
  asio::post(Io, [] { testTakeSignalsThroughWrapper(); });
  asio::post(Io, [] { testSnapshotCopy(); });
  asio::post(Io, [] { testSnapshotCopy(); });
  asio::post(Io, [] { testCallIntoLoopingCallee(); });
  asio::post(Io, [] { testCallIntoAllocatingCallee(); });
  asio::post(Io, [] { testCallOutOfTheProgram(); });
  asio::post(Io, [] { testCallIntoRecursion(); });
  asio::post(Io, [] { testTakeSignalsThroughWrapper(); });
  asio::post(Io, [] { testCallIntoLoopingCallee(); });
  asio::post(Io, [] { testCallIntoAllocatingCallee(); });
  asio::post(Io, [] { testCallOutOfTheProgram(); });
  asio::post(Io, [] { testCallIntoRecursion(); });
  Io.run();
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
