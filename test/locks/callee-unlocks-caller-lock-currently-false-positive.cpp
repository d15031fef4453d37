// XFAIL: *
// A helper given the caller's lock (a unique_lock or the mutex, by reference)
// that unlocks it before blocking does not block under the lock. stallscan
// reports the blocking call: LockReachability marks every function called
// while a lock is held as running under that lock, for its whole body, and
// the helper's own unlock() releases a "param:" key, not the caller's lock.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <unistd.h>

std::mutex StateMutex;

void unlockThenBackOff(std::unique_lock<std::mutex> &Lock) {
  Lock.unlock();
  usleep(100); // no-warning: the caller's lock was released on the line above
  Lock.lock();
}

void testCallerPassesGuardToHelperThatUnlocks() {
  std::unique_lock<std::mutex> Lock(StateMutex);
  unlockThenBackOff(Lock);
}

void dropThenSleep(std::mutex &Mu) {
  Mu.unlock();
  sleep(1); // no-warning: released first
  Mu.lock();
}

void testCallerPassesMutexToHelperThatUnlocks() {
  StateMutex.lock();
  dropThenSleep(StateMutex);
  StateMutex.unlock();
}

int main() {}
// CHECK: stallscan: 0 findings in 0 files (1 translation units)
// CHECK: exit-code: 0
