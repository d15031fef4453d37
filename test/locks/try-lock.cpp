// Try-locks hold their lock on the success branch only: std::mutex::try_lock
// (true on success), pthread_mutex_trylock (0 on success, in its == 0, != 0,
// ! and bare forms), unique_lock with try_to_lock tested through owns_lock()
// or operator bool, and unique_lock::try_lock().
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <chrono>
#include <mutex>
#include <pthread.h>
#include <unistd.h>

std::mutex M;
std::timed_mutex T;
pthread_mutex_t PM = PTHREAD_MUTEX_INITIALIZER;

void testTryLockSuccessAndElseBranches() {
  if (M.try_lock()) {
    sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'M' is held; every thread that needs the lock waits for it too: release the lock first or move the call out of the critical section [stallscan-lock-held-while-blocking]
// CHECK-NEXT: try-lock.cpp:[[@LINE-3]]:7: note: lock 'M' acquired here
    M.unlock();
  } else {
    usleep(1); // no-warning: the try-lock failed
  }
  sleep(2); // no-warning: unlocked on the success path, never locked on the other
}

void testNegatedTryLockEarlyReturn() {
  if (!M.try_lock()) {
    usleep(1); // no-warning: the try-lock failed
    return;
  }
  sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-6]]:8: note: lock 'M' acquired here
  M.unlock();
}

void testTimedTryLockFor() {
  if (T.try_lock_for(std::chrono::milliseconds(5))) {
    sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'T' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-3]]:7: note: lock 'T' acquired here
    T.unlock();
  } else {
    usleep(1); // no-warning: timed out
  }
}

void testPthreadTrylockEqualsZero() {
  if (pthread_mutex_trylock(&PM) == 0) {
    sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-3]]:7: note: lock 'PM' acquired here
    pthread_mutex_unlock(&PM);
  } else {
    usleep(1); // no-warning: EBUSY
  }
}

void testPthreadTrylockNegated() {
  if (!pthread_mutex_trylock(&PM)) {
    sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-3]]:8: note: lock 'PM' acquired here
    pthread_mutex_unlock(&PM);
  } else {
    usleep(1); // no-warning: EBUSY
  }
}

void testPthreadTrylockNonZeroMeansBusy() {
  if (pthread_mutex_trylock(&PM) != 0) {
    usleep(1); // no-warning: EBUSY
    return;
  }
  sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-6]]:7: note: lock 'PM' acquired here
  pthread_mutex_unlock(&PM);
}

void testPthreadTrylockBareResultMeansBusy() {
  if (pthread_mutex_trylock(&PM)) {
    usleep(1); // no-warning: a non-zero result is failure
    return;
  }
  sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-6]]:7: note: lock 'PM' acquired here
  pthread_mutex_unlock(&PM);
}

void testTryToLockOwnsLock() {
  std::unique_lock<std::mutex> Lock(M, std::try_to_lock);
  usleep(1); // no-warning: not known to own the lock yet
  if (Lock.owns_lock()) {
    sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-5]]:32: note: lock 'M' acquired here
  } else {
    usleep(2); // no-warning: does not own it
  }
}

void testTryToLockOperatorBool() {
  std::unique_lock<std::mutex> Lock(M, std::try_to_lock);
  if (Lock) {
    sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-4]]:32: note: lock 'M' acquired here
  } else {
    usleep(1); // no-warning: does not own it
  }
}

void testTryToLockNegatedEarlyReturn() {
  std::unique_lock<std::mutex> Lock(M, std::try_to_lock);
  if (!Lock) {
    usleep(1); // no-warning: does not own it
    return;
  }
  sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-7]]:32: note: lock 'M' acquired here
}

void testDeferredGuardTryLock() {
  std::unique_lock<std::mutex> Lock(M, std::defer_lock);
  if (Lock.try_lock()) {
    sleep(1);
// CHECK: try-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: try-lock.cpp:[[@LINE-4]]:32: note: lock 'M' acquired here
    Lock.unlock();
    usleep(2); // no-warning: unlocked
  } else {
    usleep(1); // no-warning: the try-lock failed
  }
}

int main() {}
// CHECK: stallscan: 11 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
