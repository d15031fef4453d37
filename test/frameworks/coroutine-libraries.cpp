// C++20 coroutine libraries, on minimal headers of stallscan's own
// (test/Inputs/include/coro/, cppcoro/, boost/cobalt.hpp;
// checks/catalog/frameworks/coroutine-libraries.json). Their mutexes are
// awaited, so holding one across a co_await is fine, while a std::mutex is
// not; sync_wait / cobalt::run inside a coroutine blocks its thread, in main
// it does not; an awaiter of the program's own that takes a std::mutex takes
// it on the loop; a coroutine that starts with co_await pool.schedule() runs
// on the pool. The second run reads the headers as the program's own code
// (-I, as libcoro's examples include them), where coro::mutex's lock() and
// unlock() members must not make it a lock of the program's own.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 -I %S/../Inputs/include \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <coro/coro.hpp>
#include <cppcoro/cppcoro.hpp>
#include <boost/cobalt.hpp>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <unistd.h>

struct Cache {
  coro::mutex CoMu;
  cppcoro::async_mutex AsyncMu;
  std::mutex Mu;
  std::map<std::string, std::string> Entries;
};

coro::task<void> testCoroScopedLockAcrossCoAwait(Cache &C, coro::thread_pool &Tp) {
  auto Lock = co_await C.CoMu.scoped_lock();
  C.Entries["a"] = "1";
  co_await Tp.yield(); // no-warning: coro::mutex is coroutine-aware
}

coro::task<void> testCoroLockUnlockAcrossCoAwait(Cache &C, coro::thread_pool &Tp) {
  co_await C.CoMu.lock();
  co_await Tp.yield(); // no-warning: coro::mutex::lock() is awaited
  C.CoMu.unlock();
}

coro::task<void> testStdMutexAcrossCoAwaitInCoroTask(Cache &C, coro::thread_pool &Tp) {
  std::lock_guard<std::mutex> Guard(C.Mu);
  co_await Tp.yield();
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:3: warning: 'co_await' while lock 'C.Mu' is held; the lock blocks every thread that needs it until the coroutine resumes, possibly on another thread (deadlock): release it before suspending or use an async mutex (a strand or channel) [stallscan-lock-held-across-suspend]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE-3]]:31: note: lock 'C.Mu' acquired here
}

cppcoro::task<> testCppcoroScopedLockAsyncAcrossCoAwait(Cache &C, cppcoro::static_thread_pool &Tp) {
  auto Lock = co_await C.AsyncMu.scoped_lock_async();
  co_await Tp.schedule(); // no-warning
}

cppcoro::task<> testCppcoroLockAsyncAcrossCoAwait(Cache &C, cppcoro::static_thread_pool &Tp) {
  co_await C.AsyncMu.lock_async();
  co_await Tp.schedule(); // no-warning
  C.AsyncMu.unlock();
}

cppcoro::task<> testStdMutexAcrossCoAwaitInCppcoroTask(Cache &C, cppcoro::static_thread_pool &Tp) {
  std::unique_lock<std::mutex> Lock(C.Mu);
  co_await Tp.schedule();
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:3: warning: 'co_await' while lock 'C.Mu' is held; the lock blocks every thread that needs it until the coroutine resumes, possibly on another thread (deadlock): release it before suspending or use an async mutex (a strand or channel) [stallscan-lock-held-across-suspend]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE-3]]:32: note: lock 'C.Mu' acquired here
}

coro::task<int> answer() { co_return 42; }
cppcoro::task<int> cppAnswer() { co_return 42; }
boost::cobalt::task<int> cobaltAnswer() { co_return 42; }

coro::task<void> testCoroSyncWaitInCoroutine() {
  int N = coro::sync_wait(answer());
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:11: warning: blocking call to 'coro::sync_wait' on the event loop; co_await the task instead [stallscan-blocking-in-event-loop]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE-3]]:18: note: coroutine 'testCoroSyncWaitInCoroutine' runs on the event loop
  (void)N;
  co_return;
}

cppcoro::task<> testCppcoroSyncWaitInCoroutine() {
  int N = cppcoro::sync_wait(cppAnswer());
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:11: warning: blocking call to 'cppcoro::sync_wait' on the event loop; co_await the task instead [stallscan-blocking-in-event-loop]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE-3]]:17: note: coroutine 'testCppcoroSyncWaitInCoroutine' runs on the event loop
  (void)N;
  co_return;
}

boost::cobalt::task<void> testCobaltRunInCoroutine() {
  int N = boost::cobalt::run(cobaltAnswer());
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:11: warning: blocking call to 'boost::cobalt::run' on the event loop; co_await the task instead [stallscan-blocking-in-event-loop]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE-3]]:27: note: coroutine 'testCobaltRunInCoroutine' runs on the event loop
  (void)N;
  co_return;
}

boost::cobalt::task<void> testCobaltChannel(boost::cobalt::channel<int> &Ch) {
  co_await Ch.write(1); // no-warning
  int V = co_await Ch.read();
  (void)V;
}

// A user awaitable whose await_ready / await_suspend take a std::mutex: they
// run on the thread of the coroutine that co_awaits it, the loop.
std::mutex g_queue_mu;
std::deque<std::coroutine_handle<>> g_waiters;
struct QueueAwaiter {
  bool await_ready() {
    std::lock_guard<std::mutex> G(g_queue_mu);
    return !g_waiters.empty();
  }
  void await_suspend(std::coroutine_handle<> H) {
    std::lock_guard<std::mutex> G(g_queue_mu);
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:33: warning: lock 'g_queue_mu' serialises every request (a global, reached from 1 request entry point); 3 statements, 2 calls, 0 loops, 1 allocation and 1 blocking call run under it: move the blocking work out of the critical section, then shard the lock [stallscan-serialised-hot-path]
    g_waiters.push_back(H);
    std::FILE *Log = std::fopen("/var/log/queue", "a");
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:22: warning: blocking call to 'fopen' on the event loop; move file I/O to a worker pool or use async file I/O (uv_fs_* with a callback, io_uring) [stallscan-blocking-in-event-loop]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE+9]]:18: note: coroutine 'testAwaitUserAwaitable' runs on the event loop
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE+9]]:3: note: 'testAwaitUserAwaitable' calls 'QueueAwaiter::await_suspend' here
// CHECK: coroutine-libraries.cpp:[[@LINE-4]]:22: warning: blocking call to 'fopen' while lock 'g_queue_mu' is held; every thread that needs the lock waits for it too: release the lock first or move the call out of the critical section [stallscan-lock-held-while-blocking]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE-8]]:33: note: lock 'g_queue_mu' acquired here
    (void)Log;
  }
  void await_resume() {}
};

coro::task<void> testAwaitUserAwaitable() {
  co_await QueueAwaiter{};
}

coro::task<void> onPool() {
  usleep(10); // no-warning: only ever spawned onto the thread pool
  co_return;
}

coro::task<void> testStartsOnPool(coro::thread_pool &Tp) {
  co_await Tp.schedule();
  usleep(10); // no-warning: the coroutine resumed on the pool
}

cppcoro::task<> testCppcoroStartsOnPool(cppcoro::static_thread_pool &Tp) {
  co_await Tp.schedule();
  usleep(10); // no-warning
}

coro::task<void> testLoopCoroutineAwaitsPoolCoroutine(coro::thread_pool &Tp) {
  co_await testStartsOnPool(Tp); // no-warning: calling it makes the task
}

coro::task<void> testScheduleAfterFirstStatementCurrentlyReported(coro::thread_pool &Tp) {
  int Before = 1;
  co_await Tp.schedule();
  usleep(Before);
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE-5]]:18: note: coroutine 'testScheduleAfterFirstStatementCurrentlyReported' runs on the event loop
}

boost::cobalt::main co_main(int, char **) {
  sleep(1);
// CHECK: coroutine-libraries.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: coroutine-libraries.cpp:[[@LINE-3]]:21: note: 'co_main' is called by the runtime by its symbol name, on the event loop
  co_return 0;
}

int main() {
  auto Tp = coro::thread_pool::make_unique();
  Tp->spawn_detached(onPool());
  int N = coro::sync_wait(answer()); // no-warning: not in a coroutine
  int M = cppcoro::sync_wait(cppAnswer()); // no-warning
  int K = boost::cobalt::run(cobaltAnswer()); // no-warning
  return N + M + K;
}

// CHECK: stallscan: 10 findings in 1 file (1 translation units)
// CHECK: architecture: asynchronous: requests are served by event loops (1 handler, 17 coroutines, 0 reactor loops) and no thread-per-connection pattern was found
// CHECK: exit-code: 1
