// XFAIL: *
// unique_lock::release() hands the still-locked mutex back as a pointer;
// unlocking through that pointer releases it. stallscan keeps the mutex held:
// the unlock's object is `Lock.release()` (or a pointer variable holding it),
// whose lock key ("expr:...") is not the released mutex's ("global:M"), so
// the Release event removes nothing. Expected: no finding.
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
  Owned->unlock();
  sleep(2); // no-warning: unlocked through the pointer
}

int main() {}
// CHECK: stallscan: 0 findings in 0 files (1 translation units)
// CHECK: exit-code: 0
