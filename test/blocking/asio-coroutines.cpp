// C++20 coroutines with Boost.Asio: every coroutine body is a loop root unless
// it is only ever co_spawn'ed onto a thread_pool. co_await on an async_*
// operation suspends the coroutine; it does not block the loop.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <cstdio>
#include <unistd.h>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;

void blockingHelper() {
  sleep(1);
// CHECK: asio-coroutines.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: asio-coroutines.cpp:[[@LINE+3]]:17: note: coroutine 'testCoroutineCallsBlockingHelper' runs on the event loop
// CHECK-NEXT: asio-coroutines.cpp:[[@LINE+3]]:3: note: 'testCoroutineCallsBlockingHelper' calls 'blockingHelper' here
}
awaitable<void> testCoroutineCallsBlockingHelper() {
  blockingHelper();
  co_return;
}

awaitable<void> testCoAwaitTimerDoesNotBlock(asio::steady_timer &Timer) {
  Timer.expires_after(100);
  co_await Timer.async_wait(use_awaitable); // no-warning: suspends, the loop keeps running
  std::fprintf(stderr, "tick\n");           // no-warning: console logging
  co_return;
}

awaitable<void> testBlockingTimerWaitInCoroutine(asio::steady_timer &Timer) {
  Timer.wait();
// CHECK: asio-coroutines.cpp:[[@LINE-1]]:9: warning: blocking call to 'boost::asio::basic_waitable_timer::wait' on the event loop; use the async_* form of the operation
// CHECK-NEXT: asio-coroutines.cpp:[[@LINE-3]]:17: note: coroutine 'testBlockingTimerWaitInCoroutine' runs on the event loop
  co_return;
}

void poolOnlyHelper() { usleep(10); } // no-warning: only reached from a coroutine on the pool
awaitable<void> testCoroutineSpawnedOnlyOnThreadPool() {
  usleep(10);      // no-warning: this coroutine runs on the thread_pool
  poolOnlyHelper();
  co_return;
}

awaitable<void> testCoroutineSpawnedOnPoolAndLoop() {
  usleep(20);
// CHECK: asio-coroutines.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: asio-coroutines.cpp:[[@LINE-3]]:17: note: coroutine 'testCoroutineSpawnedOnPoolAndLoop' runs on the event loop
  co_return;
}

void testLambdaCoroutines(asio::io_context &Io, asio::thread_pool &Pool) {
  auto OnLoop = []() -> awaitable<void> {
// CHECK: asio-coroutines.cpp:[[@LINE+2]]:20: warning: blocking call to 'fopen' on the event loop; move file I/O to a worker pool
// CHECK-NEXT: asio-coroutines.cpp:[[@LINE-2]]:17: note: coroutine 'lambda in testLambdaCoroutines' runs on the event loop
    std::FILE *F = std::fopen("/tmp/state", "r");
    (void)F;
    co_return;
  };
  asio::co_spawn(Io, OnLoop(), asio::detached);
  asio::co_spawn(Pool, []() -> awaitable<void> {
    std::FILE *F = std::fopen("/tmp/state", "r"); // no-warning: lambda coroutine on the thread_pool
    (void)F;
    co_return;
  }(), asio::detached);
}

int main() {
  asio::io_context Io;
  asio::thread_pool Pool;
  asio::steady_timer Timer(Io);
  asio::co_spawn(Io, testCoroutineCallsBlockingHelper(), asio::detached);
  asio::co_spawn(Io, testCoAwaitTimerDoesNotBlock(Timer), asio::detached);
  asio::co_spawn(Io, testBlockingTimerWaitInCoroutine(Timer), asio::detached);
  asio::co_spawn(Pool, testCoroutineSpawnedOnlyOnThreadPool(), asio::detached);
  asio::co_spawn(Pool, testCoroutineSpawnedOnPoolAndLoop(), asio::detached);
  asio::co_spawn(Io, testCoroutineSpawnedOnPoolAndLoop(), asio::detached);
  testLambdaCoroutines(Io, Pool);
  Io.run();
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK: architecture: asynchronous
// CHECK: exit-code: 1
