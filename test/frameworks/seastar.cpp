// Seastar, on a minimal header of stallscan's own
// (test/Inputs/include/seastar/; checks/catalog/frameworks/seastar.json):
// continuations given to then() and friends, smp::submit_to's function (on
// another shard's reactor), timer callbacks and app_template::run's function
// run on the reactor, where future::get() blocks; a seastar::async or
// seastar::thread body may wait for a future with get() (catalog
// `allowed_in`), but an OS-level block there still stalls the shard. The DMA
// file API (open_file_dma, file::dma_write) returns futures: no finding.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <seastar/core/seastar.hh>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace seastar;

future<int> fetchCount();

static int readCountOnReactor() {
  return fetchCount().get();
// CHECK: seastar.cpp:[[@LINE-1]]:23: warning: blocking call to 'seastar::future::get' on the event loop; chain a continuation with then() or co_await the future; get() may only wait inside seastar::async / seastar::thread [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar.cpp:[[@LINE+5]]:61: note: lambda passed to 'then' runs on the event loop
// CHECK-NEXT: seastar.cpp:[[@LINE+5]]:13: note: 'lambda in testContinuationGetsFuture' calls 'readCountOnReactor' here
}

future<> testContinuationGetsFuture() {
  return seastar::sleep(std::chrono::milliseconds(10)).then([] {
    int N = readCountOnReactor();
    (void)N;
  });
}

future<> testContinuationSleeps() {
  return fetchCount().then([](int) {
    usleep(100);
// CHECK: seastar.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar.cpp:[[@LINE-3]]:28: note: lambda passed to 'then' runs on the event loop
  });
}

future<> testAsyncBodyWaitsForFuture() {
  return seastar::async([] {
    int N = fetchCount().get(); // no-warning: a seastar::thread may wait for a future
    seastar::sleep(std::chrono::milliseconds(1)).get(); // no-warning
    (void)N;
  });
}

future<> testAsyncBodyBlocksTheOs() {
  return seastar::async([] {
    std::ifstream In("/etc/app.conf");
// CHECK: seastar.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop; move file I/O to a worker pool or use async file I/O [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar.cpp:[[@LINE-3]]:25: note: lambda passed to 'async' runs on the event loop
  });
}

static int countInThread() { return fetchCount().get(); } // no-warning: only reached from a seastar::thread

void testThreadBody() {
  seastar::thread Th([] {
    int N = countInThread();
    (void)N;
    sleep(1);
// CHECK: seastar.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar.cpp:[[@LINE-5]]:22: note: lambda passed to 'thread' runs on the event loop
  });
}

future<> testSubmitToOtherShard() {
  return smp::submit_to(1, [] {
    std::FILE *F = std::fopen("/var/lib/shard1", "r");
// CHECK: seastar.cpp:[[@LINE-1]]:20: warning: blocking call to 'fopen' on the event loop; move file I/O to a worker pool or use async file I/O (uv_fs_* with a callback, io_uring) [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar.cpp:[[@LINE-3]]:28: note: lambda passed to 'submit_to' runs on the event loop
    (void)F;
  });
}

future<> testTimerCallback(timer<> &T) {
  T.set_callback([] {
    int N = fetchCount().get();
// CHECK: seastar.cpp:[[@LINE-1]]:26: warning: blocking call to 'seastar::future::get' on the event loop; chain a continuation with then() or co_await the future; get() may only wait inside seastar::async / seastar::thread [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar.cpp:[[@LINE-3]]:18: note: lambda passed to 'set_callback' runs on the event loop
    (void)N;
  });
  T.arm(std::chrono::milliseconds(100));
  return make_ready_future<>();
}

future<> testContinuationChainsInstead() {
  return fetchCount().then([](int N) { // no-warning: continues instead of waiting
    return smp::submit_to(N % 2, [N] { (void)N; });
  });
}

future<> testDmaFileApiStaysQuiet() {
  return open_file_dma("/var/lib/snap", open_flags::wo | open_flags::create)
      .then([](file F) { // no-warning: every step is a future
        static const char Data[] = "x";
        return F.dma_write(0, Data, 1).then([F](size_t) mutable { return F.close(); });
      });
}

int main(int argc, char **argv) {
  app_template App;
  return App.run(argc, argv, [&] {
    return testContinuationGetsFuture().then([&] {
      std::ifstream Cfg("/etc/seastar.conf");
// CHECK: seastar.cpp:[[@LINE-1]]:21: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop; move file I/O to a worker pool or use async file I/O [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar.cpp:[[@LINE-3]]:46: note: lambda passed to 'then' runs on the event loop
      return testAsyncBodyWaitsForFuture();
    });
  });
}

// CHECK: stallscan: 7 findings in 1 file (1 translation units)
// CHECK: architecture: asynchronous: requests are served by event loops (13 handlers, 0 coroutines, 0 reactor loops) and no thread-per-connection pattern was found
// CHECK: exit-code: 1
