// Acquiring a mutex inside an event-loop handler is not a blocking call for
// stallscan-blocking-in-event-loop, whatever API takes it; a contended lock on
// the loop is stallscan-serialised-hot-path's business, and only when its
// critical section does real work. Waiting on a condition variable, or
// sleeping, in the handler is still reported by blocking-in-event-loop.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <condition_variable>
#include <map>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <string>
#include <unistd.h>

namespace asio = boost::asio;

std::mutex StatsMutex, OtherMutex;
std::recursive_mutex TreeMutex;
std::shared_mutex ConfigMutex;
pthread_mutex_t CMutex = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t CRwLock = PTHREAD_RWLOCK_INITIALIZER;
long Requests, Bytes, Reads;
std::map<std::string, long> PerPath;
std::condition_variable ReadyCv;
bool Ready;

void testEveryWayOfTakingALockInAHandler() {
  StatsMutex.lock();                                       // no-warning: acquiring is not blocking I/O
  ++Requests;
  StatsMutex.unlock();
  { std::lock_guard<std::mutex> Guard(StatsMutex); ++Requests; }  // no-warning: guard
  { std::unique_lock<std::mutex> Lock(StatsMutex); ++Bytes; }     // no-warning: unique_lock
  { std::scoped_lock Both(StatsMutex, OtherMutex); ++Bytes; }     // no-warning: scoped_lock
  { std::shared_lock<std::shared_mutex> Reader(ConfigMutex); ++Reads; } // no-warning: reader
  ConfigMutex.lock_shared();                               // no-warning: reader
  ++Reads;
  ConfigMutex.unlock_shared();
  std::lock(StatsMutex, OtherMutex);                       // no-warning: std::lock
  ++Bytes;
  StatsMutex.unlock();
  OtherMutex.unlock();
  TreeMutex.lock();                                        // no-warning: recursive_mutex
  ++Reads;
  TreeMutex.unlock();
  pthread_mutex_lock(&CMutex);                             // no-warning: pthread
  ++Requests;
  pthread_mutex_unlock(&CMutex);
  pthread_rwlock_wrlock(&CRwLock);                         // no-warning: pthread rwlock
  ++Requests;
  pthread_rwlock_unlock(&CRwLock);
  if (StatsMutex.try_lock()) {                             // no-warning: try_lock never waits
    ++Requests;
    StatsMutex.unlock();
  }
}

void testContendedLockWithRealWorkInAHandler(const std::string &Path) {
  std::lock_guard<std::mutex> Guard(StatsMutex);
// CHECK: lock-in-handler.cpp:[[@LINE-1]]:31: warning: lock 'StatsMutex' serialises every request (a global, reached from 1 request entry point); {{[0-9]+ statements?}}, 1 call, 0 loops, 1 allocation and 0 blocking calls run under it: shard it by key, or use atomics or per-thread counters [stallscan-serialised-hot-path]
  ++PerPath[Path];
}

void testConditionVariableWaitInAHandler() {
  std::unique_lock<std::mutex> Lock(OtherMutex); // no-warning: acquiring
  ReadyCv.wait(Lock, [] { return Ready; });
// CHECK: lock-in-handler.cpp:[[@LINE-1]]:11: warning: blocking call to 'std::condition_variable::wait' on the event loop; continue from a completion callback or co_await instead of waiting [stallscan-blocking-in-event-loop]
// CHECK-NEXT: lock-in-handler.cpp:[[#POST:@LINE+17]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: lock-in-handler.cpp:[[#POST+3]]:5: note: 'lambda in main' calls 'testConditionVariableWaitInAHandler' here
}

void testSleepUnderALockInAHandler() {
  std::lock_guard<std::mutex> Guard(OtherMutex);
// CHECK: lock-in-handler.cpp:[[@LINE-1]]:31: warning: lock 'OtherMutex' serialises every request (a global, reached from 1 request entry point); {{[0-9]+ statements?}}, 1 call, 0 loops, 0 allocations and 1 blocking call run under it: move the blocking work out of the critical section, then shard the lock [stallscan-serialised-hot-path]
  usleep(100);
// CHECK: lock-in-handler.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop; use a timer
// CHECK-NEXT: lock-in-handler.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: lock-in-handler.cpp:[[#POST+4]]:5: note: 'lambda in main' calls 'testSleepUnderALockInAHandler' here
// CHECK: lock-in-handler.cpp:[[@LINE-4]]:3: warning: blocking call to 'usleep' while lock 'OtherMutex' is held
// CHECK-NEXT: lock-in-handler.cpp:[[@LINE-7]]:31: note: lock 'OtherMutex' acquired here
}

int main() {
  asio::io_context Io;
  asio::post(Io, [] {
    testEveryWayOfTakingALockInAHandler();
    testContendedLockWithRealWorkInAHandler("/index.html");
    testConditionVariableWaitInAHandler();
    testSleepUnderALockInAHandler();
  });
  Io.run();
}
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
