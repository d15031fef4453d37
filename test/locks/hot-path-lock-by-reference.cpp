// A lock passed by reference to a helper that takes it is identified by the
// caller's lock: the global passed in makes the helper's critical section a
// serialised hot path; a local mutex passed the same way does not.
// RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-serialised-hot-path %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <map>
#include <mutex>
#include <string>

std::mutex g_table_mutex;
std::map<std::string, int> g_table;

void bumpUnder(std::mutex &M, const std::string &Key) {
  std::lock_guard<std::mutex> Lock(M);
// CHECK: hot-path-lock-by-reference.cpp:[[@LINE-1]]:31: warning: lock 'g_table_mutex' (passed as 'M') serialises every request (a global, reached from 1 request entry point); 1 statement, 1 call, 0 loops, 1 allocation and 0 blocking calls run under it: shard it by key, or use atomics or per-thread counters
  ++g_table[Key];
}

void testGlobalPassedByReference() { bumpUnder(g_table_mutex, "hits"); }

void localCounter(std::mutex &M, int &N) {
  std::lock_guard<std::mutex> Lock(M); // no-warning: the caller's mutex is local
  for (int I = 0; I < 10; ++I)
    ++N;
}

void testLocalPassedByReference() {
  std::mutex Local;
  int N = 0;
  localCounter(Local, N);
}

int main() {
  boost::asio::io_context Io;
  boost::asio::post(Io, [] {
    testGlobalPassedByReference();
    testLocalPassedByReference();
  });
  Io.run();
}
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
// CHECK: exit-code: 1
