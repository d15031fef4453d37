// stallscan-serialised-hot-path: a loop that only waits on a condition
// variable (`while (Q.empty()) Cv.wait(Lock);`) waits with the lock released:
// it is no work done under the lock. A queue's take that pops one job is a
// short section; one that scans the queue in a loop is work.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <condition_variable>
#include <deque>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

static const int Workers = 4;
std::mutex QueueMu;
std::condition_variable QueueCv;
int Ring[64];
unsigned Head, Tail;

std::mutex ScanMu;
std::condition_variable ScanCv;
std::deque<int> Pending;

int takeOne() {
  std::unique_lock<std::mutex> Lock(QueueMu); // no-warning: waits, then pops one
  while (Head == Tail)
    QueueCv.wait(Lock);
  return Ring[Head++ % 64];
}

int takeOldest() {
  std::unique_lock<std::mutex> Lock(ScanMu);
// CHECK: hot-path-wait-loop.cpp:[[@LINE-1]]:32: warning: lock 'ScanMu' serialises every request (a global, reached from 1 request entry point); 2 statements, {{.*}} 1 loop, {{.*}} [stallscan-serialised-hot-path]
  do {
    ScanCv.wait(Lock);
  } while (Pending.empty());
  int Oldest = Pending.front();
  for (int Fd : Pending) // a scan under the lock: work
    if (Fd < Oldest)
      Oldest = Fd;
  return Oldest;
}

void worker() {
  for (;;) {
    int Fd = takeOne();
    write(Fd, "ok\n", 3);
    close(Fd);
    close(takeOldest());
  }
}

int main() {
  for (int W = 0; W < Workers; ++W) // a pool of workers
    std::thread(worker).detach();
  int Listener = socket(AF_INET, SOCK_STREAM, 0);
  for (;;) {
    int Fd = accept(Listener, nullptr, nullptr);
    std::thread([Fd] {
      {
        std::lock_guard<std::mutex> G(QueueMu); // no-warning: one store
        Ring[Tail++ % 64] = Fd;
      }
      QueueCv.notify_one();
    }).detach();
  }
}
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
