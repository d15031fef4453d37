// A try-lock whose result is discarded (`pthread_mutex_trylock(&m);` as a
// statement, or cast to void) is code that goes on as if it held the lock: it
// counts as an acquisition until the unlock. A tested result keeps the
// branch-precise handling: the failure branch stays quiet.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <pthread.h>
#include <unistd.h>

std::mutex M;
pthread_mutex_t PM = PTHREAD_MUTEX_INITIALIZER;

void testDiscardedPthreadTrylock() {
  pthread_mutex_trylock(&PM);
  sleep(1);
// CHECK: try-lock-discarded-result.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock-discarded-result.cpp:[[@LINE-3]]:3: note: lock 'PM' acquired here
  pthread_mutex_unlock(&PM);
  usleep(1); // no-warning: unlocked
}

void testVoidCastTryLock() {
  (void)M.try_lock();
  sleep(2);
// CHECK: try-lock-discarded-result.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock-discarded-result.cpp:[[@LINE-3]]:9: note: lock 'M' acquired here
  M.unlock();
  usleep(2); // no-warning: unlocked
}

void testDiscardedGuardTryLock() {
  std::unique_lock<std::mutex> Lock(M, std::defer_lock);
  usleep(3); // no-warning: deferred
  Lock.try_lock();
  sleep(3);
// CHECK: try-lock-discarded-result.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock-discarded-result.cpp:[[@LINE-5]]:32: note: lock 'M' acquired here
}

void testTestedResultFailureBranchStaysQuiet() {
  if (pthread_mutex_trylock(&PM) == 0) {
    sleep(4);
// CHECK: try-lock-discarded-result.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock-discarded-result.cpp:[[@LINE-3]]:7: note: lock 'PM' acquired here
    pthread_mutex_unlock(&PM);
  } else {
    sleep(4); // no-warning: the try-lock failed
  }
}

int main() {}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
