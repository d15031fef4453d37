// A member lock is one lock per object: shared by every request when its
// object is one for the whole program (a global, a static, a function-local
// static returned by reference, a member of one of those, main's object
// captured by a handler) and requests reach it through that object; one lock
// per connection, thread or worker otherwise. Request entry points here: a
// thread started per accepted connection and an admin pthread; two handler
// lambdas; two worker threads. The object is named in the message
// (`table.mu_`), here and in lock-held-while-blocking.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not=warning: --implicit-check-not=note:
// With member-locks, member locks whose object has no program-wide name are
// counted per function, as before objects were resolved:
// RUN: echo '{"check_options": {"stallscan-serialised-hot-path": {"member-locks": "true"}}}' > %t.cfg.json
// RUN: %exitcode %stallscan --no-snippets --config %t.cfg.json %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,MEMBERS --implicit-check-not=warning: --implicit-check-not=note:
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>

// Threads started once are background threads; a pool started in a loop
// serves requests when its threads wait for them (docs/checks/
// serialised-hot-path.md): here in nextRequest(), defined outside the program.
static const int Workers = 2;
int nextRequest();
#include <unistd.h>
#include <vector>

// A static global object, touched by every connection.
class SessionTable {
public:
  void touch(int Fd) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'table.mu_' serialises every request (a member of a global object, reached from 2 request entry points); 1 statement, 1 call, 0 loops, 1 allocation and 0 blocking calls run under it: shard it by key, or use atomics or per-thread counters [stallscan-serialised-hot-path]
    Last[Fd] = Fd;
  }

private:
  std::mutex mu_;
  std::map<int, int> Last;
};
static SessionTable table;

// The same class shape, one object per connection, owned by its thread.
class PerConnectionSession {
public:
  void touch(int Fd) {
    std::lock_guard<std::mutex> Guard(mu_); // no-warning: one session per connection
    Last[Fd] = Fd;
  }

private:
  std::mutex mu_;
  std::map<int, int> Last;
};

// A singleton: a function-local static returned by reference. A blocking
// call under its lock is named after the object too.
class Registry {
public:
  static Registry &instance() {
    static Registry R;
    return R;
  }
  void add(int Fd) {
    mu_.lock();
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:5: warning: lock 'Registry::instance().mu_' serialises every request (a member of a global object, reached from 2 request entry points); 2 statements, 2 calls, 0 loops, 1 allocation and 1 blocking call run under it: move the blocking work out of the critical section, then shard the lock [stallscan-serialised-hot-path]
    Fds.push_back(Fd);
    usleep(100);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'Registry::instance().mu_' is held
// CHECK-NEXT: hot-path-object-identity.cpp:[[@LINE-5]]:5: note: lock 'Registry::instance().mu_' acquired here
    mu_.unlock();
  }

private:
  std::mutex mu_;
  std::vector<int> Fds;
};

// A thread_local cache returned the same way: one object per thread.
class ThreadCache {
public:
  void put(int Fd) {
    mu_.lock(); // no-warning: one cache per thread (even with member-locks)
    Fds.push_back(Fd);
    usleep(100);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'mu_' is held
// CHECK-NEXT: hot-path-object-identity.cpp:[[@LINE-4]]:5: note: lock 'mu_' acquired here
    mu_.unlock();
  }

private:
  std::mutex mu_;
  std::vector<int> Fds;
};
ThreadCache &threadCache() {
  thread_local ThreadCache C;
  return C;
}

// A member of a global object.
struct Stats {
  std::mutex mu_;
  std::map<int, long> Bytes;
  void record(int Fd, long N) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'server.stats.mu_' serialises every request (a member of a global object, reached from 2 request entry points)
    Bytes[Fd] += N;
  }
};
struct Server {
  Stats stats;
  int Port = 0;
};
Server server;

// `this` forwarded through a helper method.
class Router {
public:
  void route(int Fd) { lookup(Fd); }

private:
  void lookup(int Fd) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'router.mu_' serialises every request (a member of a global object, reached from 2 request entry points)
    for (int I = 0; I < Fd; ++I)
      Hits[I] += 1;
  }
  std::mutex mu_;
  std::map<int, int> Hits;
};
Router router;

// What a global pointer points to is one object at a time; a chain of
// pointers from a global names whatever they happen to hold.
struct Ledger {
  std::mutex mu_;
  std::map<int, int> Rows;
  void post(int Fd) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'g_ledger->mu_' serialises every request (a member of a global object, reached from 2 request entry points)
    Rows[Fd] = Fd;
  }
};
Ledger *g_ledger;
struct Outbox {
  std::mutex mu_;
  std::vector<int> Items;
  void add(int Fd) {
    std::lock_guard<std::mutex> Guard(mu_);
// MEMBERS: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'mu_' serialises every request (a shared member, reached from 2 request entry points)
    Items.push_back(Fd);
  }
};
struct Peer {
  Outbox *Out;
};
struct Crawler {
  Peer *Current;
};
Crawler crawler;

void serveConnection(int Fd) {
  g_ledger->post(Fd);
  crawler.Current->Out->add(Fd);
  table.touch(Fd);
  auto Session = std::make_shared<PerConnectionSession>();
  Session->touch(Fd);
  Registry::instance().add(Fd);
  threadCache().put(Fd);
  server.stats.record(Fd, 1);
  router.route(Fd);
  close(Fd);
}

void *adminThread(void *) {
  nextRequest();
  g_ledger->post(0);
  crawler.Current->Out->add(0);
  table.touch(0);
  Registry::instance().add(0);
  threadCache().put(0);
  server.stats.record(0, 0);
  router.route(0);
  return nullptr;
}

// A lambda capturing `this` of a global object, started twice.
class Dispatcher {
public:
  void start() {
    for (int W = 0; W < Workers; ++W) // a pool of workers
      std::thread([this] { handle(nextRequest()); }).detach();
    for (int W = 0; W < Workers; ++W) // a pool of workers
      std::thread([this] { handle(nextRequest() + 1); }).detach();
  }

private:
  void handle(int Id) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'dispatcher.mu_' serialises every request (a member of a global object, reached from 2 request entry points)
    Pending[Id] = Id;
  }
  std::mutex mu_;
  std::map<int, int> Pending;
};
Dispatcher dispatcher;

// main's objects, captured by reference by two handler lambdas (shared), or
// used by one only, or copied into each.
struct Cache {
  std::mutex mu_;
  std::map<int, int> Entries;
  void put(int K) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'cache.mu_' serialises every request (a member of an object every request shares, reached from 2 request entry points)
    Entries[K] = K;
  }
};
struct Journal {
  std::mutex mu_;
  std::map<int, int> Lines;
  void append(int K) {
    std::lock_guard<std::mutex> Guard(mu_); // no-warning: one handler uses main's journal
    Lines[K] = K;
  }
};
// main's object whose lock two handlers take in different methods: one
// lock, reached from two entry points (one per section).
struct Tally {
  std::mutex mu_;
  std::map<int, long> Requests, Responses;
  void request(int K) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'tally.mu_' serialises every request (a member of an object every request shares, reached from 2 request entry points)
    Requests[K] += 1;
  }
  void response(int K) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'tally.mu_' serialises every request (a member of an object every request shares, reached from 2 request entry points)
    Responses[K] += 1;
  }
};
struct Scratch {
  Scratch() = default;
  Scratch(const Scratch &O) : Cells(O.Cells) {} // a copy has its own mutex
  std::mutex mu_;
  std::map<int, int> Cells;
  void set(int K) {
    std::lock_guard<std::mutex> Guard(mu_);
// MEMBERS: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'mu_' serialises every request (a shared member, reached from 2 request entry points)
    Cells[K] = K; // (a copy in each lambda)
  }
};

// main's object whose constructor starts member functions on threads, bound
// to `this` (std::thread's member pointer form and std::bind).
class BoundServer {
public:
  BoundServer() {
    for (int W = 0; W < Workers; ++W) // a pool of workers
      std::thread(&BoundServer::reader, this).detach();
    for (int W = 0; W < Workers; ++W) // a pool of workers
      std::thread(std::bind(&BoundServer::writer, this)).detach();
  }

private:
  void reader() { record(nextRequest()); }
  void writer() { record(nextRequest() + 1); }
  void record(int K) {
    std::lock_guard<std::mutex> Guard(mu_);
// CHECK: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'srv.mu_' serialises every request (a member of an object every request shares, reached from 2 request entry points)
    Counts[K] += 1;
  }
  std::mutex mu_;
  std::map<int, int> Counts;
};

// Per-worker objects: each worker thread makes its own.
struct Worker {
  std::mutex mu_;
  std::vector<int> Jobs;
  void run() { drain(); }
  void drain() {
    std::lock_guard<std::mutex> Guard(mu_);
// MEMBERS: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'mu_' serialises every request (a shared member, reached from 2 request entry points)
    for (int J : Jobs)
      Jobs.push_back(J);
  }
};
void ioWorker() {
  nextRequest();
  Worker W;
  W.run();
}
void cpuWorker() {
  nextRequest();
  Worker W;
  W.run();
}

// A queue object passed by pointer to the threads that use it.
struct JobQueue {
  std::mutex mu_;
  std::vector<int> Jobs;
  void push(int J) {
    std::lock_guard<std::mutex> Guard(mu_);
// MEMBERS: hot-path-object-identity.cpp:[[@LINE-1]]:33: warning: lock 'mu_' serialises every request (a shared member, reached from 2 request entry points)
    Jobs.push_back(J);
  }
};
void producer(JobQueue *Q) { Q->push(nextRequest()); }
void otherProducer(JobQueue *Q) { Q->push(nextRequest()); }

int main() {
  dispatcher.start();
  BoundServer srv;
  Cache cache;
  Journal journal;
  Scratch scratch;
  Tally tally;
  for (int W = 0; W < Workers; ++W) { // a pool of workers
    std::thread([&cache, &journal, &tally] {
      nextRequest();
      cache.put(1);
      journal.append(1);
      tally.request(1);
    }).detach();
  }
  for (int W = 0; W < Workers; ++W) { // a pool of workers
    std::thread([&cache, scratch, &tally]() mutable {
      nextRequest();
      cache.put(2);
      scratch.set(2);
      tally.response(2);
    }).detach();
  }
  for (int W = 0; W < Workers; ++W) // a pool of workers
    std::thread([scratch]() mutable { scratch.set(nextRequest()); }).detach();
  for (int W = 0; W < Workers; ++W) // a pool of workers
    std::thread(ioWorker).detach();
  for (int W = 0; W < Workers; ++W) // a pool of workers
    std::thread(cpuWorker).detach();
  JobQueue Queue;
  for (int W = 0; W < Workers; ++W) // a pool of workers
    std::thread(producer, &Queue).detach();
  for (int W = 0; W < Workers; ++W) // a pool of workers
    std::thread(otherProducer, &Queue).detach();
  pthread_t Admin;
  for (int W = 0; W < Workers; ++W) // a pool of admin threads
    pthread_create(&Admin, nullptr, adminThread, nullptr);
  int Listener = socket(AF_INET, SOCK_STREAM, 0);
  for (;;) {
    int Fd = accept(Listener, nullptr, nullptr);
    std::thread(serveConnection, Fd).detach();
  }
}
// DEFAULT: stallscan: 12 findings in 1 file (1 translation units)
// MEMBERS: stallscan: 16 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
