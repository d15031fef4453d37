// Templates: instantiations are analysed, not patterns. A blocking call in a
// class template member is one finding however many instantiations reach it;
// a dependent call is resolved per instantiation; a generic lambda handler is
// analysed through the instantiations of its call operator.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <cstddef>
#include <fstream>
#include <string>
#include <unistd.h>

namespace asio = boost::asio;

template <class T> struct DiskCache {
  void store(const T &) {
    std::ofstream Out("/var/cache/app/entry");
// CHECK: templates.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ofstream::basic_ofstream' on the event loop
// CHECK-NEXT: templates.cpp:[[#POST1:@LINE+58]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: templates.cpp:[[#POST1+1]]:5: note: 'lambda in main' calls 'testClassTemplateMemberInstantiatedTwice' here
// CHECK-NEXT: templates.cpp:[[@LINE+21]]:11: note: 'testClassTemplateMemberInstantiatedTwice' calls 'DiskCache::store' here
  }
  void touch() {} // no-warning: nothing blocks here
};

template <class T> void persistAll(const T &) {
  fsync(3);
// CHECK: templates.cpp:[[@LINE-1]]:3: warning: blocking call to 'fsync' on the event loop
// CHECK-NEXT: templates.cpp:[[#POST1]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: templates.cpp:[[#POST1+2]]:5: note: 'lambda in main' calls 'testFunctionTemplate' here
// CHECK-NEXT: templates.cpp:[[@LINE+17]]:3: note: 'testFunctionTemplate' calls 'persistAll' here
}

template <class T> void onlyBeforeTheLoop(const T &) {
  fsync(4); // no-warning: only instantiated and called from main() before the loop
}

void testClassTemplateMemberInstantiatedTwice() {
  DiskCache<int> Ints;
  DiskCache<std::string> Strings;
  Ints.store(1);
  Strings.store("one");
  Ints.touch();
}

void testFunctionTemplate() {
  persistAll(1);
  persistAll(std::string("one"));
}

struct NonBlockingWaiter {
  void wait() {}
};

template <class W> void waitFor(W &Waiter) {
  Waiter.wait();
// CHECK: templates.cpp:[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_waitable_timer::wait' on the event loop; use the async_* form
// CHECK-NEXT: templates.cpp:[[#POST1]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: templates.cpp:[[#POST1+3]]:5: note: 'lambda in main' calls 'testDependentCallResolvedPerInstantiation' here
// CHECK-NEXT: templates.cpp:[[@LINE+6]]:3: note: 'testDependentCallResolvedPerInstantiation' calls 'waitFor' here
}

void testDependentCallResolvedPerInstantiation(asio::steady_timer &Timer) {
  NonBlockingWaiter Quiet;
  waitFor(Quiet); // no-warning by itself: NonBlockingWaiter::wait does not block
  waitFor(Timer);
}

// A helper template that completes a generic handler from a post().
template <class H> void completeOnLoop(asio::io_context &Io, H Handler) {
  asio::post(Io, [Handler] { Handler(boost::system::error_code(), std::size_t(0)); });
}

int main() {
  asio::io_context Io;
  asio::steady_timer Timer(Io);
  asio::post(Io, [&] {
    testClassTemplateMemberInstantiatedTwice();
    testFunctionTemplate();
    testDependentCallResolvedPerInstantiation(Timer);
  });
  completeOnLoop(Io, [](auto Ec, auto Bytes) {
    (void)Ec;
    usleep(Bytes);
// CHECK: templates.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: templates.cpp:[[@LINE-15]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: templates.cpp:[[@LINE-16]]:30: note: 'lambda in completeOnLoop' calls 'lambda in main' here
  });
  onlyBeforeTheLoop(1);
  Io.run();
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
