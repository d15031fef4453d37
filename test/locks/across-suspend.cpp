// stallscan-lock-held-across-suspend: co_await / co_yield while a
// thread-blocking lock is held. The lock stays locked until the coroutine
// resumes, maybe on another thread. A lock released before the suspension
// (closed scope, unlock()) is not a finding.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <coroutine>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>

namespace asio = boost::asio;

struct Session {
  std::mutex Mu;
  std::shared_mutex ConfigMu;
  pthread_mutex_t PMu = PTHREAD_MUTEX_INITIALIZER;
  int Pending = 0;
};

asio::awaitable<void> testLockGuardHeldAcrossCoAwait(Session &S, asio::steady_timer &T) {
  std::lock_guard<std::mutex> Guard(S.Mu);
  ++S.Pending;
  co_await T.async_wait(asio::use_awaitable);
// CHECK: across-suspend.cpp:[[@LINE-1]]:3: warning: 'co_await' while lock 'S.Mu' is held; the lock blocks every thread that needs it until the coroutine resumes, possibly on another thread (deadlock): release it before suspending or use an async mutex (a strand or channel) [stallscan-lock-held-across-suspend]
// CHECK-NEXT: across-suspend.cpp:[[@LINE-4]]:31: note: lock 'S.Mu' acquired here
}

asio::awaitable<void> testScopeClosedBeforeCoAwait(Session &S, asio::steady_timer &T) {
  {
    std::lock_guard<std::mutex> Guard(S.Mu);
    ++S.Pending;
  }
  co_await T.async_wait(asio::use_awaitable); // no-warning: the guard's scope closed
}

asio::awaitable<void> testUniqueLockUnlockedBeforeCoAwait(Session &S, asio::steady_timer &T) {
  std::unique_lock<std::mutex> Lock(S.Mu);
  ++S.Pending;
  Lock.unlock();
  co_await T.async_wait(asio::use_awaitable); // no-warning: unlocked above
  Lock.lock();
  co_await T.async_wait(asio::use_awaitable);
// CHECK: across-suspend.cpp:[[@LINE-1]]:3: warning: 'co_await' while lock 'S.Mu' is held
// CHECK-NEXT: across-suspend.cpp:[[@LINE-3]]:3: note: lock 'S.Mu' acquired here
}

asio::awaitable<void> testLockTakenAfterCoAwait(Session &S, asio::steady_timer &T) {
  co_await T.async_wait(asio::use_awaitable); // no-warning: nothing held yet
  std::lock_guard<std::mutex> Guard(S.Mu);
  ++S.Pending;
}

asio::awaitable<void> testSharedLockHeldAcrossCoAwait(Session &S, asio::steady_timer &T) {
  std::shared_lock<std::shared_mutex> Reader(S.ConfigMu);
  co_await T.async_wait(asio::use_awaitable);
// CHECK: across-suspend.cpp:[[@LINE-1]]:3: warning: 'co_await' while lock 'S.ConfigMu' is held
// CHECK-NEXT: across-suspend.cpp:[[@LINE-3]]:39: note: lock 'S.ConfigMu' acquired here (shared)
}

asio::awaitable<void> testPthreadMutexAcrossCoAwait(Session &S, asio::steady_timer &T) {
  pthread_mutex_lock(&S.PMu);
  co_await T.async_wait(asio::use_awaitable);
// CHECK: across-suspend.cpp:[[@LINE-1]]:3: warning: 'co_await' while lock 'S.PMu' is held
// CHECK-NEXT: across-suspend.cpp:[[@LINE-3]]:3: note: lock 'S.PMu' acquired here
  pthread_mutex_unlock(&S.PMu);
  co_await T.async_wait(asio::use_awaitable); // no-warning: unlocked above
}

// A minimal generator: co_yield suspends like co_await.
struct Generator {
  struct promise_type {
    Generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Generator testCoYieldWhileLocked(Session &S) {
  std::lock_guard<std::mutex> Guard(S.Mu);
  co_yield S.Pending;
// CHECK: across-suspend.cpp:[[@LINE-1]]:3: warning: 'co_yield' while lock 'S.Mu' is held
// CHECK-NEXT: across-suspend.cpp:[[@LINE-3]]:31: note: lock 'S.Mu' acquired here
}

Generator testCoYieldAfterScopeClosed(Session &S) {
  int Snapshot;
  {
    std::lock_guard<std::mutex> Guard(S.Mu);
    Snapshot = S.Pending;
  }
  co_yield Snapshot; // no-warning: released before suspending
}

int main() {
  asio::io_context Io;
  asio::steady_timer T(Io);
  Session S;
  asio::co_spawn(Io, testLockGuardHeldAcrossCoAwait(S, T), asio::detached);
  Io.run();
}
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
