// XFAIL: *
// A try-lock whose result is stored in a variable, then tested, holds the
// lock on the success branch just like `if (m.try_lock())`. stallscan only
// recognises try-locks written directly in the branch condition
// (LockFlow::applyTryBranches reads the terminator condition), so the lock is
// never added and the sleep is missed.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <pthread.h>
#include <unistd.h>

std::mutex M;
pthread_mutex_t PM = PTHREAD_MUTEX_INITIALIZER;

void testStoredTryLockResult() {
  bool Locked = M.try_lock();
  if (Locked) {
    sleep(1);
// CHECK: try-lock-stored-result-currently-missed.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock-stored-result-currently-missed.cpp:{{[0-9]+:[0-9]+}}: note: lock 'M' acquired here
    M.unlock();
  }
}

void testStoredPthreadTrylockResult() {
  int Rc = pthread_mutex_trylock(&PM);
  if (Rc == 0) {
    sleep(2);
// CHECK: try-lock-stored-result-currently-missed.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock-stored-result-currently-missed.cpp:{{[0-9]+:[0-9]+}}: note: lock 'PM' acquired here
    pthread_mutex_unlock(&PM);
  }
}

int main() {}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
