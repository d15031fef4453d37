// Locks that reach a function through its parameters or its callers: a helper
// that locks a mutex it was given by reference or pointer (the note names the
// parameter), members reached through a reference, and a lock held by the
// caller across the call into a helper that blocks (one note per frame).
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <cstdio>
#include <mutex>
#include <unistd.h>

std::mutex TableMutex;

struct Table {
  std::mutex Mu;
  int Rows = 0;
};

void lockByReferenceThenSleep(std::mutex &Mu) {
  std::lock_guard<std::mutex> Guard(Mu);
  sleep(1);
// CHECK: by-reference.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'Mu' is held; every thread that needs the lock waits for it too: release the lock first or move the call out of the critical section [stallscan-lock-held-while-blocking]
// CHECK-NEXT: by-reference.cpp:[[@LINE-3]]:31: note: lock 'Mu' acquired here
}

void lockByReferenceUnlockThenSleep(std::mutex &Mu) {
  Mu.lock();
  Mu.unlock();
  sleep(1); // no-warning: released before the call
}

void testPassesGlobalToLockingHelpers() {
  lockByReferenceThenSleep(TableMutex);       // (reported in the helper)
  lockByReferenceUnlockThenSleep(TableMutex); // no-warning: the helper releases it
}

void lockByPointerThenSleep(std::mutex *Mu) {
  Mu->lock();
  usleep(1);
// CHECK: by-reference.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'Mu' is held
// CHECK-NEXT: by-reference.cpp:[[@LINE-3]]:3: note: lock 'Mu' acquired here
  Mu->unlock();
  usleep(2); // no-warning: unlocked
}

void testMemberThroughReference(Table &T) {
  {
    std::lock_guard<std::mutex> Guard(T.Mu);
    std::FILE *F = std::fopen("/var/lib/app/table", "r");
// CHECK: by-reference.cpp:[[@LINE-1]]:20: warning: blocking call to 'fopen' while lock 'T.Mu' is held
// CHECK-NEXT: by-reference.cpp:[[@LINE-3]]:33: note: lock 'T.Mu' acquired here
    std::fclose(F);
// CHECK: by-reference.cpp:[[@LINE-1]]:5: warning: blocking call to 'fclose' while lock 'T.Mu' is held
// CHECK-NEXT: by-reference.cpp:[[@LINE-6]]:33: note: lock 'T.Mu' acquired here
  }
  sleep(1); // no-warning: the guard's scope closed
}

void testTwoReferenceParametersAreDistinct(std::mutex &First, std::mutex &Second) {
  First.lock();
  Second.lock();
  First.unlock();
  sleep(1);
// CHECK: by-reference.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'Second' is held
// CHECK-NEXT: by-reference.cpp:[[@LINE-4]]:3: note: lock 'Second' acquired here
  Second.unlock();
  usleep(1); // no-warning: both released
}

// The caller holds the lock; the helper two frames down blocks.
void writeSnapshotBlocks() {
  std::FILE *F = std::fopen("/var/lib/app/snapshot", "w");
// CHECK: by-reference.cpp:[[@LINE-1]]:18: warning: blocking call to 'fopen' while lock 'TableMutex' is held
// CHECK-NEXT: by-reference.cpp:[[#GUARD:@LINE+20]]:31: note: lock 'TableMutex' acquired here
// CHECK-NEXT: by-reference.cpp:[[#GUARD+1]]:3: note: 'testLockHeldByCallerAcrossBlockingHelper' calls 'snapshotLocked' here
// CHECK-NEXT: by-reference.cpp:[[#HOP:@LINE+14]]:3: note: 'snapshotLocked' calls 'writeSnapshotBlocks' here
  std::fclose(F);
// CHECK: by-reference.cpp:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'TableMutex' is held
// CHECK-NEXT: by-reference.cpp:[[#GUARD]]:31: note: lock 'TableMutex' acquired here
// CHECK-NEXT: by-reference.cpp:[[#GUARD+1]]:3: note: 'testLockHeldByCallerAcrossBlockingHelper' calls 'snapshotLocked' here
// CHECK-NEXT: by-reference.cpp:[[#HOP]]:3: note: 'snapshotLocked' calls 'writeSnapshotBlocks' here
}

void writeSnapshotUnlockedBlocks() {
  std::FILE *F = std::fopen("/var/lib/app/snapshot", "w"); // no-warning: only called after the unlock
  std::fclose(F);                                          // no-warning: likewise
}

void snapshotLocked() {
  writeSnapshotBlocks();
}

void testLockHeldByCallerAcrossBlockingHelper() {
  std::lock_guard<std::mutex> Guard(TableMutex);
  snapshotLocked();
}

void testBlockingHelperCalledAfterUnlock() {
  {
    std::lock_guard<std::mutex> Guard(TableMutex);
  }
  writeSnapshotUnlockedBlocks();
}

// The lock is the caller's, passed by reference; the helper blocks under it.
void flushUnder(std::mutex &Mu) {
  std::unique_lock<std::mutex> Guard(Mu);
  usleep(5);
// CHECK: by-reference.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'Mu' is held
// CHECK-NEXT: by-reference.cpp:[[@LINE-3]]:32: note: lock 'Mu' acquired here
}

void testMemberPassedByReference(Table &T) { flushUnder(T.Mu); }

int main() {}
// CHECK: stallscan: 8 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
