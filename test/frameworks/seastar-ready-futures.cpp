// Seastar's future::get() where the future is already resolved never waits
// (catalog `unless_object_ready`, checks/catalog/frameworks/seastar.json):
// the future a then_wrapped() continuation receives (also moved into a
// nested continuation's capture), a future an enclosing `if (!f.available())
// return` or `if (f.available())` has tested, and an awaiter's
// await_resume(), which runs once what it awaits has completed. get() on
// any other future on the reactor still blocks the shard.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <seastar/core/seastar.hh>
#include <exception>

using namespace seastar;

future<int> fetchCount();
future<> flush();

future<> testThenWrappedGetsResolvedFuture() {
  return fetchCount().then_wrapped([](future<int> F) {
    int N = F.get(); // no-warning: then_wrapped passes a resolved future
    (void)N;
  });
}

future<> testThenWrappedGenericLambda() {
  return flush().then_wrapped([](auto &&F) {
    try {
      F.get(); // no-warning
    } catch (...) {
    }
  });
}

future<> testThenWrappedWaitsForAnotherFuture() {
  return flush().then_wrapped([](future<> F) {
    F.get(); // no-warning
    int N = fetchCount().get();
// CHECK: seastar-ready-futures.cpp:[[@LINE-1]]:26: warning: blocking call to 'seastar::future::get' on the event loop; chain a continuation with then() or co_await the future; get() may only wait inside seastar::async / seastar::thread [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar-ready-futures.cpp:[[@LINE-4]]:31: note: lambda passed to 'then_wrapped' runs on the event loop
    (void)N;
  });
}

future<> testThenParameterIsNotAFuture(future<int> Other) {
  return flush().then([Other = std::move(Other)]() mutable {
    int N = Other.get();
// CHECK: seastar-ready-futures.cpp:[[@LINE-1]]:19: warning: blocking call to 'seastar::future::get' on the event loop; chain a continuation with then() or co_await the future; get() may only wait inside seastar::async / seastar::thread [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar-ready-futures.cpp:[[@LINE-3]]:23: note: lambda passed to 'then' runs on the event loop
    (void)N;
  });
}

future<> testResolvedFutureMovedIntoNestedContinuation() {
  return fetchCount().then_wrapped([](future<int> F) {
    return flush().then_wrapped([F = std::move(F)](future<> R) mutable {
      R.get(); // no-warning
      int N = F.get(); // no-warning: moved from then_wrapped's resolved future
      (void)N;
    });
  });
}

future<> testAvailableTestedBeforeGet() {
  return flush().then([] {
    future<int> F = fetchCount();
    if (!F.available())
      return flush();
    int N = F.get(); // no-warning: F is available here
    (void)N;
    return flush();
  });
}

future<> testGetInsideAvailableBranch() {
  return flush().then([] {
    future<int> F = fetchCount();
    if (F.available()) {
      int N = F.get(); // no-warning
      (void)N;
    }
  });
}

future<> testAvailableTestedOnAnotherFuture() {
  return flush().then([] {
    future<int> F = fetchCount();
    future<int> G = fetchCount();
    if (!F.available())
      return;
    int N = G.get();
// CHECK: seastar-ready-futures.cpp:[[@LINE-1]]:15: warning: blocking call to 'seastar::future::get' on the event loop; chain a continuation with then() or co_await the future; get() may only wait inside seastar::async / seastar::thread [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar-ready-futures.cpp:[[@LINE-7]]:23: note: lambda passed to 'then' runs on the event loop
    (void)N;
  });
}

future<> testAvailableTestedWithoutLeaving() {
  return flush().then([] {
    future<int> F = fetchCount();
    if (!F.available())
      (void)0;
    int N = F.get();
// CHECK: seastar-ready-futures.cpp:[[@LINE-1]]:15: warning: blocking call to 'seastar::future::get' on the event loop; chain a continuation with then() or co_await the future; get() may only wait inside seastar::async / seastar::thread [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar-ready-futures.cpp:[[@LINE-6]]:23: note: lambda passed to 'then' runs on the event loop
    (void)N;
  });
}

// An awaiter's await_resume() runs once what it awaits has completed; its
// other members may run before.
struct ResolvedAwaiter {
  future<int> Fut;
  bool await_ready() const noexcept { return Fut.available(); }
  int await_resume() { return Fut.get(); } // no-warning: resumed once Fut resolved
  int peek() {
    return Fut.get();
// CHECK: seastar-ready-futures.cpp:[[@LINE-1]]:16: warning: blocking call to 'seastar::future::get' on the event loop; chain a continuation with then() or co_await the future; get() may only wait inside seastar::async / seastar::thread [stallscan-blocking-in-event-loop]
// CHECK-NEXT: seastar-ready-futures.cpp:[[@LINE+6]]:23: note: lambda passed to 'then' runs on the event loop
// CHECK-NEXT: seastar-ready-futures.cpp:[[@LINE+8]]:12: note: 'lambda in testAwaiterParts' calls 'ResolvedAwaiter::peek' here
  }
};

future<> testAwaiterParts() {
  return flush().then([] {
    ResolvedAwaiter A{fetchCount()};
    int N = A.await_resume();
    N += A.peek();
  });
}

// CHECK: stallscan: 5 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
