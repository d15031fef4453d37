// std::async with a std::launch::deferred policy held in a variable runs the
// function in the thread that calls get(): from a handler, the sleep in
// deferredWork() blocks the loop, as in async-and-threads.cpp where the policy
// is written inline. The get() itself is reported either way.
// Previously missed: the offload exception for std::async is "unless_arg
// index 0 names deferred", and the extractor's argNamedOneOf only looks at the
// spelled name of arg 0 (here the variable 'Policy'), so the call is taken as
// an offload. Evaluating the argument as a constant (or following a const
// local's initialiser) would fix it.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 -pthread %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <future>
#include <unistd.h>

namespace asio = boost::asio;

int deferredWork() {
  sleep(4);
// CHECK: deferred-policy-variable.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: deferred-policy-variable.cpp:[[#POST:@LINE+17]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: deferred-policy-variable.cpp:[[#POST]]:23: note: 'lambda in main' calls 'testDeferredPolicyInVariable' here
// CHECK-NEXT: deferred-policy-variable.cpp:[[@LINE+6]]:43: note: 'testDeferredPolicyInVariable' passes 'deferredWork' here, which may call it
  return 1;
}

void testDeferredPolicyInVariable() {
  const auto Policy = std::launch::deferred;
  std::future<int> F = std::async(Policy, deferredWork);
  F.get();
// CHECK: deferred-policy-variable.cpp:[[@LINE-1]]:5: warning: blocking call to 'std::future::get' on the event loop
// CHECK-NEXT: deferred-policy-variable.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: deferred-policy-variable.cpp:[[#POST]]:23: note: 'lambda in main' calls 'testDeferredPolicyInVariable' here
}

int main() {
  asio::io_context Io;
  asio::post(Io, [] { testDeferredPolicyInVariable(); });
  Io.run();
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
