// Regression test for a gap found and fixed in the same change; the notes
// below describe how the tool used to fail.
// A function that calls itself while holding a lock, and blocks on another
// path through it, is a finding (the recursive call runs with the lock held).
// Currently stallscan never finishes: the lock-reachability witness of the
// function is the function itself (LockReachability Pred[F] == F, or a cycle
// F -> G -> F), and LockHeldWhileBlocking::run follows Pred without a visited
// set while building the "'F' calls 'G' here" frames, so it loops forever and
// eats memory. prlimit/timeout keep this test from hurting the machine.
// RUN: %exitcode prlimit --as=3000000000 timeout 60 %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <unistd.h>

std::recursive_mutex TreeMutex;

void testRecursiveCallUnderLock(int Depth) {
  if (Depth == 0) {
    sleep(1);
// CHECK: recursion-under-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'TreeMutex' is held
// CHECK-NEXT: recursion-under-lock.cpp:[[@LINE+3]]:41: note: lock 'TreeMutex' acquired here
    return;
  }
  std::lock_guard<std::recursive_mutex> Guard(TreeMutex);
  testRecursiveCallUnderLock(Depth - 1);
}

int main() { testRecursiveCallUnderLock(3); }
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
// CHECK: exit-code: 1
