// stallscan-serialised-hot-path: which thread bodies are request entry
// points. A thread started per accepted connection, one of a pool (started
// in a loop) whose body waits for work (a socket, a queue, a loop), a task
// handed to a pool, or a thread started from a request
// path serves requests: a global lock its body takes with real work under it
// is reported. A thread started once at start-up with no request source (a
// janitor looping around sleep, a logger, a crawler waiting for a signal),
// or one whose handle is a single global even when a request starts it, is
// background work: a lock only it and its controller take serialises no
// request, nor does its hold of a lock requests take in one function only
// (testBackgroundThreadHoldsRequestLock; a lock requests take in two
// functions or more is test/locks/hot-path-background-holder.c's).
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 -pthread %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <condition_variable>
#include <map>
#include <mutex>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace asio = boost::asio;

std::map<int, int> Table;

std::mutex JanitorMutex;
void *testJanitorThreadBody(void *) {
  for (;;) {
    {
      std::lock_guard<std::mutex> G(JanitorMutex); // no-warning: a background thread started once
      for (auto &KV : Table)
        KV.second = 0;
    }
    sleep(1);
  }
  return nullptr;
}

std::mutex CrawlMutex;
std::condition_variable CrawlCond;
bool CrawlRequested;
void testCrawlerThreadBody() {
  std::unique_lock<std::mutex> G(CrawlMutex); // no-warning: one thread, woken by its controller
  for (;;) {
    CrawlCond.wait(G);
    for (auto &KV : Table)
      KV.second += CrawlRequested;
  }
}

// A background thread that holds a lock requests take too makes them wait:
// a known miss.
std::mutex SlabsMutex;
void testRequestTakesSlabsLock(int Id) {
  std::lock_guard<std::mutex> G(SlabsMutex);
// CHECK: hot-path-thread-entry-points.cpp:[[@LINE-1]]:31: warning: lock 'SlabsMutex' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
  Table[Id] = Id;
}

void *testBackgroundThreadHoldsRequestLock(void *) {
  for (;;) {
    {
      // no-warning: requests take SlabsMutex in one function only, which
      // may be a command controlling this thread (memcached's `watch`
      // taking the logger thread's own lock); a lock requests take in two
      // functions or more is reported where a background thread holds it
      // over a loop (test/locks/hot-path-background-holder.c).
      std::lock_guard<std::mutex> G(SlabsMutex);
      for (auto &KV : Table)
        KV.second = 0;
    }
    sleep(1);
  }
  return nullptr;
}

std::mutex JobMutex;
std::condition_variable JobCond;
int Jobs;
int takeJob() {
  std::unique_lock<std::mutex> G(JobMutex);
  while (Jobs == 0)
    JobCond.wait(G);
  return Jobs--;
}

std::mutex PoolMutex;
void testPoolWorkerBody() {
  for (;;) {
    int Id = takeJob(); // requests come from a queue
    testRequestTakesSlabsLock(Id);
    std::lock_guard<std::mutex> G(PoolMutex);
// CHECK: hot-path-thread-entry-points.cpp:[[@LINE-1]]:33: warning: lock 'PoolMutex' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
    for (auto &KV : Table)
      KV.second += Id;
  }
}

// A pool whose threads call code outside the program (a vendor's queue,
// a message bus client) may be waiting for requests there.
int vendorNextMessage(); // defined outside the program
std::mutex BusMutex;
void testBusWorkerBody() {
  for (;;) {
    int Id = vendorNextMessage();
    std::lock_guard<std::mutex> G(BusMutex);
// CHECK: hot-path-thread-entry-points.cpp:[[@LINE-1]]:33: warning: lock 'BusMutex' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
    for (auto &KV : Table)
      KV.second += Id;
  }
}

// A pool of threads that wait for nothing (a benchmark's contenders, a
// parallel computation) takes no requests: its lock is contended, but by
// no request.
std::mutex ContendedMutex;
void testContenderBody(int Id) {
  for (int I = 0; I < 1000; ++I) {
    std::lock_guard<std::mutex> G(ContendedMutex); // no-warning: no request source
    for (auto &KV : Table)
      KV.second += Id;
  }
}

std::mutex ConnMutex;
void testPerConnectionThreadBody(int Fd) {
  std::lock_guard<std::mutex> G(ConnMutex);
// CHECK: hot-path-thread-entry-points.cpp:[[@LINE-1]]:31: warning: lock 'ConnMutex' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
  for (auto &KV : Table)
    KV.second += Fd;
}

std::mutex PerRequestMutex;
void testThreadStartedFromHandlerBody() {
  std::lock_guard<std::mutex> G(PerRequestMutex);
// CHECK: hot-path-thread-entry-points.cpp:[[@LINE-1]]:31: warning: lock 'PerRequestMutex' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
  for (auto &KV : Table)
    KV.second += 2;
}

// A thread whose handle is one global variable, started from the loop (an
// admin command enabling the crawler): one such thread at a time, not one
// per request, whoever starts it. Its body's lock serialises no request.
std::mutex CrawlerMutex, CompactMutex;
static pthread_t CrawlerTid;
static std::thread Compactor;
void *testSingletonThreadStartedFromHandler(void *) {
  for (;;) {
    std::unique_lock<std::mutex> G(CrawlerMutex); // no-warning: one crawler
    for (auto &KV : Table)
      KV.second += 3;
    G.unlock();
    sleep(1);
  }
}
void testSingletonStdThreadStartedFromHandler() {
  for (;;) {
    std::unique_lock<std::mutex> G(CompactMutex); // no-warning: one compactor
    for (auto &KV : Table)
      KV.second += 4;
    G.unlock();
    sleep(1);
  }
}

// The same body with a local handle: one thread per request.
std::mutex SpawnMutex;
void *testLocalHandleThreadStartedFromHandler(void *) {
  std::lock_guard<std::mutex> G(SpawnMutex);
// CHECK: hot-path-thread-entry-points.cpp:[[@LINE-1]]:31: warning: lock 'SpawnMutex' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
  for (auto &KV : Table)
    KV.second += 5;
  return nullptr;
}

void acceptLoop(int Listener) {
  for (;;) {
    int Fd = accept(Listener, nullptr, nullptr);
    std::thread(testPerConnectionThreadBody, Fd).detach();
  }
}

int main() {
  asio::io_context Io;
  pthread_t Janitor;
  pthread_create(&Janitor, nullptr, testJanitorThreadBody, nullptr);
  pthread_t Mover;
  pthread_create(&Mover, nullptr, testBackgroundThreadHoldsRequestLock, nullptr);
  std::thread Crawler(testCrawlerThreadBody);
  for (int I = 0; I < 4; ++I)
    std::thread(testPoolWorkerBody).detach();
  for (int I = 0; I < 4; ++I)
    std::thread(testContenderBody, I).detach();
  for (int I = 0; I < 4; ++I)
    std::thread(testBusWorkerBody).detach();
  std::thread Acceptor(acceptLoop, 3);
  asio::post(Io, [] { std::thread(testThreadStartedFromHandlerBody).detach(); });
  asio::post(Io, [] {
    if (!CrawlerTid)
      pthread_create(&CrawlerTid, nullptr, testSingletonThreadStartedFromHandler,
                     nullptr);
    if (!Compactor.joinable())
      Compactor = std::thread(testSingletonStdThreadStartedFromHandler);
    pthread_t Worker;
    pthread_create(&Worker, nullptr, testLocalHandleThreadStartedFromHandler,
                   nullptr);
    pthread_detach(Worker);
  });
  Io.run();
  Crawler.join();
  Acceptor.join();
}
// CHECK: stallscan: 6 findings in 1 file (1 translation units)
