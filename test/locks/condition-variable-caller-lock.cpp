// Regression test for a gap found and fixed in the same change; the notes
// below describe how the tool used to fail.
// A helper that waits on a condition variable with the unique_lock its caller
// passed by reference releases the caller's lock while it waits: no finding,
// exactly as when the caller waits itself. stallscan reports the wait: inside
// the helper the lock argument is a reference parameter (not a local guard
// variable), so the wait releases nothing that the helper holds, and the
// interprocedural propagation (LockReachability) then carries the caller's
// QueueMutex into the helper without knowing the wait releases it.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <condition_variable>
#include <mutex>

std::mutex QueueMutex;
std::condition_variable QueueCv;
bool Ready;

void waitUntilReady(std::unique_lock<std::mutex> &Lock) {
  QueueCv.wait(Lock, [] { return Ready; }); // no-warning: releases the caller's QueueMutex
}

void testCallerPassesItsLockToAWaitingHelper() {
  std::unique_lock<std::mutex> Lock(QueueMutex);
  waitUntilReady(Lock);
}

void testCallerWaitsItself() {
  std::unique_lock<std::mutex> Lock(QueueMutex);
  QueueCv.wait(Lock, [] { return Ready; }); // no-warning: the same, inline
}

int main() {}
// CHECK: stallscan: 0 findings in 0 files (1 translation units)
// CHECK: exit-code: 0
