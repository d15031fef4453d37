// A thread body or pool task that is first stored in a local variable and then
// handed to std::thread / asio::post(thread_pool) runs on that thread, not on
// the loop, exactly like the inline lambdas in async-and-threads.cpp. No
// finding is correct here.
// Currently reported: when the extractor walks the variable's initialiser it
// sees a lambda (or a function name) used as a value, not yet claimed by any
// registration/offload, and adds a "callback" edge from the enclosing
// function ("'f' passes 'lambda in f' here, which may call it"). The offload
// that later resolves the variable (resolveTargets through VarDecl::getInit)
// marks it Claimed too late; the edge should be dropped (or not added) when
// the only use of the variable is an offload.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 -pthread %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <thread>
#include <unistd.h>

namespace asio = boost::asio;

void workerBody() { usleep(9); } // no-warning: only run on a std::thread

void testLambdaVariableToThread() {
  auto Body = [] { sleep(1); }; // no-warning: runs on its own thread
  std::thread T(Body);
  T.detach();
}

void testLambdaVariableToThreadPool(asio::thread_pool &Pool) {
  auto Job = [] { usleep(1); }; // no-warning: runs on the thread_pool
  asio::post(Pool, Job);
}

void testFunctionPointerVariableToThread() {
  void (*Entry)() = workerBody;
  std::thread T(Entry);
  T.detach();
}

int main() {
  asio::io_context Io;
  asio::thread_pool Pool;
  asio::post(Io, [&] {
    testLambdaVariableToThread();
    testLambdaVariableToThreadPool(Pool);
    testFunctionPointerVariableToThread();
  });
  Io.run();
}
// CHECK: stallscan: 0 findings in 0 files (1 translation units)
// CHECK: exit-code: 0
