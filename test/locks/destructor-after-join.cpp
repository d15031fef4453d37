// stallscan-lock-held-while-blocking: a destructor that has joined its
// object's thread takes the object's own lock to drain what is left: no
// thread can wait for that lock any more (another user would be using an
// object being destroyed). Joining while holding the lock, or taking the
// lock after a join outside the destructor (other callers may still use
// the object), is reported.
// RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-lock-held-while-blocking %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class FileSink {
public:
  FileSink() : Worker(&FileSink::run, this) {}
  ~FileSink() {
    Stopping = true;
    Wake.notify_all();
    if (Worker.joinable())
      Worker.join();
    std::lock_guard<std::mutex> G(Mu);
    for (const std::string &S : Pending)
      fwrite(S.data(), 1, S.size(), Out); // no-warning: the thread is joined
    fclose(Out);                          // no-warning
  }
  void stop() {
    Stopping = true;
    Worker.join();
    std::lock_guard<std::mutex> G(Mu);
    fflush(Out);
// CHECK: destructor-after-join.cpp:[[@LINE-1]]:5: warning: blocking call to 'fflush' while lock 'S.Mu' is held
// CHECK-NEXT: note: lock 'S.Mu' acquired here
  }
  void append(std::string S) {
    std::lock_guard<std::mutex> G(Mu);
    Pending.push_back(std::move(S));
  }

private:
  void run() {
    while (!Stopping) {
      std::unique_lock<std::mutex> L(Mu);
      Wake.wait(L);
    }
  }
  std::mutex Mu;
  std::condition_variable Wake;
  std::vector<std::string> Pending;
  FILE *Out = nullptr;
  bool Stopping = false;
  std::thread Worker;
};

class Poller {
public:
  ~Poller() {
    std::lock_guard<std::mutex> G(Mu);
    Stopping = true;
    Worker.join();
// CHECK: destructor-after-join.cpp:[[@LINE-1]]:12: warning: blocking call to 'std::thread::join' while lock 'Mu' is held
// CHECK-NEXT: note: lock 'Mu' acquired here
  }
  void start() { Worker = std::thread(&Poller::run, this); }

private:
  void run() {
    for (;;) {
      std::lock_guard<std::mutex> G(Mu);
      if (Stopping)
        return;
    }
  }
  std::mutex Mu;
  bool Stopping = false;
  std::thread Worker;
};

int main() {
  FileSink S;
  S.append("x");
  S.stop();
  Poller P;
  P.start();
  return 0;
}
