// Synchronous database and HTTP clients in a handler are reported with a
// kind-specific alternative; their asynchronous twins are not. Also standard
// library calls that wait: std::filesystem queries, condition_variable::wait,
// thread::join. Console output is not file I/O.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <mock_clients.h>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

namespace asio = boost::asio;

void testSqliteExec(sqlite3 *Db) {
  sqlite3_exec(Db, "SELECT 1", nullptr, nullptr, nullptr);
// CHECK: clients.cpp:[[@LINE-1]]:3: warning: blocking call to 'sqlite3_exec' on the event loop; use an async client (PQsendQuery, redisAsyncCommand) or a worker pool [stallscan-blocking-in-event-loop]
// CHECK-NEXT: clients.cpp:[[#POST:@LINE+67]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: clients.cpp:[[#POST+1]]:5: note: 'lambda in main' calls 'testSqliteExec' here
}

void testPostgresSyncAndAsync(PGconn *Pg) {
  PQexec(Pg, "SELECT 1");
// CHECK: clients.cpp:[[@LINE-1]]:3: warning: blocking call to 'PQexec' on the event loop; use an async client (PQsendQuery, redisAsyncCommand) or a worker pool
// CHECK-NEXT: clients.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: clients.cpp:[[#POST+2]]:5: note: 'lambda in main' calls 'testPostgresSyncAndAsync' here
  PQsendQuery(Pg, "SELECT 1"); // no-warning: async twin
  PQconsumeInput(Pg);          // no-warning: reads what has arrived
}

void testRedisSyncAndAsync(redisContext *Sync, redisAsyncContext *Async) {
  redisCommand(Sync, "GET %s", "key");
// CHECK: clients.cpp:[[@LINE-1]]:3: warning: blocking call to 'redisCommand' on the event loop; use an async client (PQsendQuery, redisAsyncCommand) or a worker pool
// CHECK-NEXT: clients.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: clients.cpp:[[#POST+3]]:5: note: 'lambda in main' calls 'testRedisSyncAndAsync' here
  redisAsyncCommand(Async, nullptr, nullptr, "GET %s", "key"); // no-warning: async twin
}

void testCurlEasyAndMulti(CURL *Easy, CURLM *Multi) {
  curl_easy_perform(Easy);
// CHECK: clients.cpp:[[@LINE-1]]:3: warning: blocking call to 'curl_easy_perform' on the event loop; use an async HTTP client (curl_multi, beast async ops) [stallscan-blocking-in-event-loop]
// CHECK-NEXT: clients.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: clients.cpp:[[#POST+4]]:5: note: 'lambda in main' calls 'testCurlEasyAndMulti' here
  int Running = 0;
  curl_multi_perform(Multi, &Running); // no-warning: async twin
}

void testStandardLibraryWaits(std::thread &Worker, std::condition_variable &Cv,
                              std::mutex &M, bool &Ready) {
  if (std::filesystem::exists("/var/lib/app/flag")) {}
// CHECK: clients.cpp:[[@LINE-1]]:7: warning: blocking call to 'std::filesystem::exists' on the event loop; move filesystem calls to a worker pool
// CHECK-NEXT: clients.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: clients.cpp:[[#POST+5]]:5: note: 'lambda in main' calls 'testStandardLibraryWaits' here
  std::filesystem::path P("/var/lib/app/flag"); // no-warning: a path is just a string
  std::unique_lock<std::mutex> Lock(M);
  Cv.wait(Lock, [&] { return Ready; });
// CHECK: clients.cpp:[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait' on the event loop; continue from a completion callback or co_await instead of waiting
// CHECK-NEXT: clients.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: clients.cpp:[[#POST+5]]:5: note: 'lambda in main' calls 'testStandardLibraryWaits' here
  Cv.notify_one(); // no-warning: does not wait
  Worker.join();
// CHECK: clients.cpp:[[@LINE-1]]:10: warning: blocking call to 'std::thread::join' on the event loop; continue from a completion callback or co_await instead of waiting
// CHECK-NEXT: clients.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: clients.cpp:[[#POST+5]]:5: note: 'lambda in main' calls 'testStandardLibraryWaits' here
// The join also runs while Lock still holds M (the wait above released it):
// CHECK: clients.cpp:[[@LINE-5]]:10: warning: blocking call to 'std::thread::join' while lock 'M' is held
// CHECK-NEXT: clients.cpp:[[@LINE-12]]:32: note: lock 'M' acquired here
  Worker.joinable(); // no-warning: does not wait
  std::fwrite("ok\n", 1, 3, stdout); // no-warning: console output
  std::fputs("ok\n", stderr);        // no-warning: console output
}

int main() {
  asio::io_context Io;
  sqlite3 *Db = nullptr;
  PGconn *Pg = nullptr;
  redisContext *Sync = nullptr;
  redisAsyncContext *Async = nullptr;
  CURLM *Multi = nullptr;
  std::thread Worker([] {});
  std::condition_variable Cv;
  std::mutex M;
  bool Ready = false;
  sqlite3_exec(Db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr); // no-warning: before the loop
  asio::post(Io, [&] {
    testSqliteExec(Db);
    testPostgresSyncAndAsync(Pg);
    testRedisSyncAndAsync(Sync, Async);
    testCurlEasyAndMulti(nullptr, Multi);
    testStandardLibraryWaits(Worker, Cv, M, Ready);
  });
  Io.run();
}
// CHECK: stallscan: 8 findings in 1 file (1 translation units)
// CHECK: evidence: 5 synchronous client calls (db 4, http 1) and 3 asynchronous client calls
// CHECK: exit-code: 1
