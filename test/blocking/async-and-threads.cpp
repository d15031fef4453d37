// Offloads are not call edges: std::thread/std::jthread bodies, pthread_create
// start routines, std::async(std::launch::async, ...) and *ThreadPool::submit
// run elsewhere. std::async(std::launch::deferred, f) runs f in the thread that
// calls get(), so from a handler it is an ordinary call.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 -pthread %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <functional>
#include <future>
#include <pthread.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;

class WorkerThreadPool {
public:
  void submit(std::function<void()> Task) { Tasks.push_back(std::move(Task)); }
private:
  std::vector<std::function<void()>> Tasks;
};

int slowComputation() {
  sleep(2); // no-warning: only ever run by std::launch::async, on its own thread
  return 42;
}

int deferredComputation() {
  sleep(3);
// CHECK: async-and-threads.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: async-and-threads.cpp:[[#POST:@LINE+57]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: async-and-threads.cpp:[[#POST+2]]:5: note: 'lambda in main' calls 'testDeferredAsyncRunsInTheCaller' here
// CHECK-NEXT: async-and-threads.cpp:[[@LINE+22]]:58: note: 'testDeferredAsyncRunsInTheCaller' passes 'deferredComputation' here, which may call it
  return 7;
}

void sharedHelper() {
  usleep(5);
// CHECK: async-and-threads.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop; use a timer
// CHECK-NEXT: async-and-threads.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: async-and-threads.cpp:[[#POST+3]]:5: note: 'lambda in main' calls 'testHelperReachedFromThreadAndHandler' here
// CHECK-NEXT: async-and-threads.cpp:[[@LINE+35]]:3: note: 'testHelperReachedFromThreadAndHandler' calls 'sharedHelper' here
}

void workerOnlyHelper() {
  usleep(6); // no-warning: only reached from worker threads
}

void testAsyncLaunchIsAnOffload() {
  std::future<int> F = std::async(std::launch::async, slowComputation); // no-warning: own thread
  (void)F;
}

void testDeferredAsyncRunsInTheCaller() {
  std::future<int> F = std::async(std::launch::deferred, deferredComputation);
  F.get();
// CHECK: async-and-threads.cpp:[[@LINE-1]]:5: warning: blocking call to 'std::future::get' on the event loop; continue from a completion callback or co_await instead of waiting
// CHECK-NEXT: async-and-threads.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: async-and-threads.cpp:[[#POST+2]]:5: note: 'lambda in main' calls 'testDeferredAsyncRunsInTheCaller' here
}

void testThreadBodiesAreOffloads() {
  std::thread T([] { sleep(1); });         // no-warning: runs on its own thread
  std::jthread J([] { workerOnlyHelper(); }); // no-warning: runs on its own thread
  T.detach();
}

void *threadMain(void *) {
  workerOnlyHelper(); // no-warning: pthread start routine
  sharedHelper();     // no-warning here: reported once, through the handler
  return nullptr;
}

void testHelperReachedFromThreadAndHandler() {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, threadMain, nullptr); // no-warning: own thread
  sharedHelper();
}

void testThreadPoolSubmitIsAnOffload(WorkerThreadPool &Pool) {
  Pool.submit([] { sleep(1); });        // no-warning: runs on the pool
  Pool.submit(workerOnlyHelper);        // no-warning: runs on the pool
}

int main() {
  asio::io_context Io;
  WorkerThreadPool Pool;
  asio::post(Io, [&] {
    testAsyncLaunchIsAnOffload();
    testDeferredAsyncRunsInTheCaller();
    testHelperReachedFromThreadAndHandler();
    testThreadBodiesAreOffloads();
    testThreadPoolSubmitIsAnOffload(Pool);
  });
  Io.run();
}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
