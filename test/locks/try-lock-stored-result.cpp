// A try-lock whose result is stored in a variable, then tested, holds the
// lock on the success branch just like `if (m.try_lock())`, as long as the
// variable is not written between the try-lock and the test. The failure
// branch stays quiet.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <pthread.h>
#include <unistd.h>

std::mutex M;
pthread_mutex_t PM = PTHREAD_MUTEX_INITIALIZER;
bool other();

void testStoredTryLockResult() {
  bool Locked = M.try_lock();
  usleep(1); // no-warning: not tested yet
  if (Locked) {
    sleep(1);
// CHECK: try-lock-stored-result.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock-stored-result.cpp:[[@LINE-5]]:17: note: lock 'M' acquired here
    M.unlock();
  } else {
    usleep(2); // no-warning: the try-lock failed
  }
}

void testStoredPthreadTrylockResult() {
  int Rc = pthread_mutex_trylock(&PM);
  if (Rc == 0) {
    sleep(2);
// CHECK: try-lock-stored-result.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock-stored-result.cpp:[[@LINE-4]]:12: note: lock 'PM' acquired here
    pthread_mutex_unlock(&PM);
  } else {
    usleep(3); // no-warning: EBUSY
  }
}

void testAssignedPthreadTrylockResultEarlyReturn() {
  int Rc;
  Rc = pthread_mutex_trylock(&PM);
  if (Rc != 0) {
    usleep(4); // no-warning: EBUSY
    return;
  }
  sleep(3);
// CHECK: try-lock-stored-result.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock-stored-result.cpp:[[@LINE-7]]:8: note: lock 'PM' acquired here
  pthread_mutex_unlock(&PM);
}

void testOverwrittenResultIsNotFollowed() {
  bool Locked = M.try_lock();
  Locked = other();
  if (Locked)
    sleep(4); // no-warning: the variable no longer holds the try-lock result
}

void testTestedTwiceCountsOnce() {
  bool Locked = M.try_lock();
  if (Locked) {
    if (Locked)
      usleep(5);
// CHECK: try-lock-stored-result.cpp:[[@LINE-1]]:7: warning: blocking call to 'usleep' while lock 'M' is held
// CHECK-NEXT: try-lock-stored-result.cpp:[[@LINE-5]]:17: note: lock 'M' acquired here
    M.unlock();
    sleep(5); // no-warning: unlocked once, acquired once
  }
}

void testTestedAgainAfterUnlock() {
  bool Locked = M.try_lock();
  if (Locked)
    M.unlock();
  if (Locked)
    sleep(6); // no-warning: the lock the result stood for was released
}

void testGuardResultStaleAfterGuardUnlock() {
  std::unique_lock<std::mutex> Lock(M, std::defer_lock);
  bool Got = Lock.try_lock();
  if (Got) {
    usleep(7);
// CHECK: try-lock-stored-result.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'M' is held
// CHECK-NEXT: try-lock-stored-result.cpp:[[@LINE-5]]:32: note: lock 'M' acquired here
    Lock.unlock();
  }
  if (Got)
    sleep(7); // no-warning: the guard was unlocked
}

int main() {}
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
