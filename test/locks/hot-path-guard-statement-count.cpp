// Regression test for a gap found and fixed in the same change; the notes
// below describe how the tool used to fail.
// A guard's own declaration is not work done under the lock, but stallscan
// counts it: the CFG lists the guard's DeclStmt right after the constructor
// that acquired the lock, and LockFlow counts it as a top-level statement of
// the section. A lock_guard around one counter bump is "2 statements" while
// the same section written with lock()/unlock() is "1 statement", so with
// min-statements set to 2 the guard version is reported as a hot path.
// Expected: neither is reported (one statement, no call, loop or allocation).
// RUN: echo '{"check_options": {"stallscan-serialised-hot-path": {"min-statements": "2"}}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config %t.json %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <thread>

std::mutex HitsMutex;
long Hits;

void testGuardAroundOneStatement() {
  std::lock_guard<std::mutex> Guard(HitsMutex); // no-warning: 1 statement < 2
  ++Hits;
}

void testLockUnlockAroundOneStatement() {
  HitsMutex.lock(); // no-warning: 1 statement < 2
  ++Hits;
  HitsMutex.unlock();
}

int main() {
  std::thread A(testGuardAroundOneStatement);
  std::thread B(testLockUnlockAroundOneStatement);
  A.join();
  B.join();
}
// CHECK: stallscan: 0 findings in 0 files (1 translation units)
// CHECK: exit-code: 0
