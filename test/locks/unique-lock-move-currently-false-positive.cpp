// XFAIL: *
// Moving a unique_lock transfers ownership: the moved-from lock no longer
// unlocks anything, the moved-to one unlocks when it is destroyed. stallscan
// does not model the move (LockFlow only knows the guard variable the mutex
// was locked into): after the inner guard is destroyed, M is still held in
// its state, so the sleep is reported. Expected: no finding.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <unistd.h>

std::mutex M;

void testOwnershipMovedIntoInnerGuard() {
  std::unique_lock<std::mutex> Lock(M);
  {
    std::unique_lock<std::mutex> Inner(std::move(Lock));
  }
  sleep(1); // no-warning: Inner unlocked M at the end of its scope
}

int main() {}
// CHECK: stallscan: 0 findings in 0 files (1 translation units)
// CHECK: exit-code: 0
