// XFAIL: *
// A recursive mutex locked twice by the same thread stays locked until it has
// been unlocked twice. stallscan's lock set has no count: the first unlock()
// removes the lock, so a blocking call between the two unlocks is missed.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <unistd.h>

std::recursive_mutex TreeMutex;

void testRecursiveMutexLockedTwiceUnlockedOnce() {
  TreeMutex.lock();
  TreeMutex.lock();
  TreeMutex.unlock();
  sleep(1);
// CHECK: recursive-mutex-reentry-currently-missed.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'TreeMutex' is held
// CHECK-NEXT: recursive-mutex-reentry-currently-missed.cpp:{{[0-9]+:[0-9]+}}: note: lock 'TreeMutex' acquired here
  TreeMutex.unlock();
  usleep(1); // no-warning: unlocked as often as locked
}

void testNestedRecursiveGuards() {
  std::lock_guard<std::recursive_mutex> Outer(TreeMutex);
  { std::lock_guard<std::recursive_mutex> Inner(TreeMutex); }
  sleep(2);
// CHECK: recursive-mutex-reentry-currently-missed.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'TreeMutex' is held
// CHECK-NEXT: recursive-mutex-reentry-currently-missed.cpp:[[@LINE-4]]:41: note: lock 'TreeMutex' acquired here
}

int main() {}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
