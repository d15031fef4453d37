// Moving a unique_lock transfers ownership: the moved-from lock no longer
// unlocks anything, the moved-to one unlocks when it is destroyed (or when
// it is move-assigned over). A guard moved into a parameter or a return value
// is not followed: the source keeps it until its own scope ends.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <unistd.h>
#include <utility>

std::mutex M, N;

void testOwnershipMovedIntoInnerGuard() {
  std::unique_lock<std::mutex> Lock(M);
  {
    std::unique_lock<std::mutex> Inner(std::move(Lock));
    usleep(1);
// CHECK: unique-lock-move.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'M' is held
// CHECK-NEXT: unique-lock-move.cpp:[[@LINE-5]]:32: note: lock 'M' acquired here
  }
  sleep(1); // no-warning: Inner unlocked M at the end of its scope
}

void testOwnershipMovedOutToOuterGuard() {
  std::unique_lock<std::mutex> Outer;
  {
    std::unique_lock<std::mutex> Lock(M);
    Outer = std::move(Lock);
  }
  sleep(2);
// CHECK: unique-lock-move.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: unique-lock-move.cpp:[[@LINE-5]]:34: note: lock 'M' acquired here
}

void testMoveAssignmentUnlocksWhatItOwned() {
  std::unique_lock<std::mutex> A(M);
  std::unique_lock<std::mutex> B(N);
  A = std::move(B);
  sleep(3);
// CHECK: unique-lock-move.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'N' is held
// CHECK-NEXT: unique-lock-move.cpp:[[@LINE-4]]:32: note: lock 'N' acquired here
  A.unlock();
  usleep(3); // no-warning: M was unlocked by the assignment, N by A.unlock()
}

int main() {}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
