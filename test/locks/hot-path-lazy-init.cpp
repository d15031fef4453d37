// stallscan-serialised-hot-path: a double-checked lazy initialisation
// (`if (p == NULL) { lock; if (p == NULL) p = make(); unlock; }`, libhv's
// http_client_exec_async) takes its lock only while the pointer it tests is
// still null, and the section sets that pointer: once per process, not per
// request. A lock taken before the test (a singleton's `instance()` that
// locks on every call), and a section guarded by a null test of one pointer
// that assigns another, are taken by every request and stay reported.
// RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-serialised-hot-path %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <memory>
#include <mock_event.h>
#include <mutex>
#include <string>
#include <vector>

struct Table {
  std::vector<std::string> Rows;
};
struct AsyncClient {
  std::vector<std::string> Queue;
};
struct Client {
  std::mutex Mu;
  std::shared_ptr<AsyncClient> Async;
};

static std::mutex TableLock, SingletonLock, OtherLock;
static Table *Shared;
static Table *Instance;
static Table *Other;
static Client TheClient;
static int Made;

static Table *testLazyInitPointer() {
  if (Shared == nullptr) {
    TableLock.lock(); // no-warning: only until Shared is set
    if (Shared == nullptr) {
      Table *T = new Table;
      T->Rows.resize(64);
      Shared = T;
    }
    TableLock.unlock();
  }
  return Shared;
}

static void testLazyInitSmartPointerMember(Client *C) {
  if (!C->Async) {
    C->Mu.lock(); // no-warning: only until C->Async is set
    if (C->Async == NULL)
      C->Async = std::make_shared<AsyncClient>();
    C->Mu.unlock();
  }
  C->Async->Queue.push_back("request");
}

static Table *testLockBeforeTest() {
  std::lock_guard<std::mutex> G(SingletonLock);
// CHECK: hot-path-lazy-init.cpp:[[@LINE-1]]:31: warning: lock 'SingletonLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
  if (Instance == nullptr) {
    Instance = new Table;
    Instance->Rows.resize(64);
  }
  return Instance;
}

static void testGuardAssignsSomethingElse() {
  if (Shared == nullptr) {
    OtherLock.lock();
// CHECK: hot-path-lazy-init.cpp:[[@LINE-1]]:5: warning: lock 'OtherLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
    Other = new Table;
    Other->Rows.resize(64);
    ++Made;
    OtherLock.unlock();
  }
}

static void onRequest(evutil_socket_t Fd, short What, void *Arg) {
  testLazyInitPointer()->Rows[Fd % 64] = "x";
  testLazyInitSmartPointerMember(&TheClient);
  testLockBeforeTest()->Rows[Fd % 64] = "y";
  testGuardAssignsSomethingElse();
}

int main() {
  struct event_base *Base = event_base_new();
  struct event *Ev = event_new(Base, 0, 0, onRequest, nullptr);
  event_add(Ev, nullptr);
  event_base_loop(Base, 0);
  return 0;
}
