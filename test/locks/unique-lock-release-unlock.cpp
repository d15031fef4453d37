// unique_lock::release() hands the still-locked mutex back as a pointer:
// the mutex stays locked after the guard is destroyed, and unlocking through
// that pointer (directly, or through a local variable holding it) releases it.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <unistd.h>

std::mutex M;

void testReleaseThenUnlockThroughThePointer() {
  std::unique_lock<std::mutex> Lock(M);
  Lock.release()->unlock();
  sleep(1); // no-warning: M was unlocked through the released pointer
}

void testReleaseIntoVariableThenUnlock() {
  std::unique_lock<std::mutex> Lock(M);
  std::mutex *Owned = Lock.release();
  usleep(2);
// CHECK: unique-lock-release-unlock.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'M' is held
// CHECK-NEXT: unique-lock-release-unlock.cpp:[[@LINE-4]]:32: note: lock 'M' acquired here
  Owned->unlock();
  sleep(2); // no-warning: unlocked through the pointer
}

void testReleasedMutexOutlivesTheGuard() {
  {
    std::unique_lock<std::mutex> Lock(M);
    Lock.release();
  }
  sleep(3);
// CHECK: unique-lock-release-unlock.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: unique-lock-release-unlock.cpp:[[@LINE-5]]:34: note: lock 'M' acquired here
  M.unlock();
  usleep(3); // no-warning: unlocked by name
}

int main() {}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
