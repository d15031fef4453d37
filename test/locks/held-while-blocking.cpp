// stallscan-lock-held-while-blocking: a blocking call while a lock is
// certainly held, in any context (there is no event loop in this file). RAII
// guards and lock()/unlock(), scope ends, must-hold joins, unique_lock modes,
// several mutexes at once, loops, raw socket I/O, and a lock held by a caller
// across a call into a helper that blocks.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not=warning: --implicit-check-not=note:
// RUN: echo '{"check_options": {"stallscan-lock-held-while-blocking": {"report-unknown-fd-io": true}}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config %t.json %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,FDIO --implicit-check-not=warning: --implicit-check-not=note:
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

std::mutex M, A, B;
std::recursive_mutex R;
std::timed_mutex T;

void testLockGuardThenSleep() {
  std::lock_guard<std::mutex> Guard(M);
  sleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held; every thread that needs the lock waits for it too: release the lock first or move the call out of the critical section [stallscan-lock-held-while-blocking]
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:31: note: lock 'M' acquired here
}

void testLockThenSleepThenUnlock() {
  M.lock();
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:3: note: lock 'M' acquired here
  M.unlock();
  usleep(10); // no-warning: unlocked on the line above
}

void testUnlockBeforeSleep() {
  M.lock();
  M.unlock();
  sleep(1); // no-warning: released before the call
}

void testRecursiveAndTimedMutexes() {
  R.lock();
  usleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'R' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:3: note: lock 'R' acquired here
  R.unlock();
  T.lock();
  usleep(2);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'T' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:3: note: lock 'T' acquired here
  T.unlock();
  usleep(3); // no-warning: released
}

void testNestedScopeClosedBeforeSleep() {
  {
    std::lock_guard<std::mutex> Guard(M);
    usleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:33: note: lock 'M' acquired here
  }
  sleep(1); // no-warning: the guard's scope closed above
}

void testLockInOneBranchThenSleepAfterJoin(bool Contended) {
  if (Contended)
    M.lock();
  sleep(1); // no-warning: M is held on one path only (must-hold)
  if (Contended)
    M.unlock();
}

void testSleepInsideLockedBranch(bool Contended) {
  if (Contended) {
    std::lock_guard<std::mutex> Guard(M);
    sleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:33: note: lock 'M' acquired here
  }
  usleep(1); // no-warning: after the join
}

void testLockOnBothBranchesThenSleep(bool Fast) {
  if (Fast)
    M.lock();
  else
    M.lock();
  sleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-5]]:5: note: lock 'M' acquired here
  M.unlock();
}

void testDeferLockThenLock() {
  std::unique_lock<std::mutex> Lock(M, std::defer_lock);
  sleep(1); // no-warning: defer_lock does not lock
  Lock.lock();
  usleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:3: note: lock 'M' acquired here
  Lock.unlock();
  sleep(2); // no-warning: unique_lock::unlock
}

// The canonical pre-C++17 idiom: std::lock, then adopting guards.
void testLockAllThenAdoptingGuards() {
  {
    std::lock(A, B);
    std::lock_guard<std::mutex> GuardA(A, std::adopt_lock);
    std::lock_guard<std::mutex> GuardB(B, std::adopt_lock);
    sleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'A' is held
// (The note points at std::lock or at the guard adopting the lock.)
// CHECK-NEXT: held-while-blocking.cpp:{{[0-9]+}}:{{[0-9]+}}: note: lock 'A' acquired here
  }
  usleep(1); // no-warning: the adopting guards released both at the scope end
}

void testAdoptLockThenUnlock() {
  M.lock();
  std::unique_lock<std::mutex> Lock(M, std::adopt_lock);
  Lock.unlock();
  sleep(1); // no-warning: the adopting unique_lock released it
}

void testUniqueLockScopeEndUnlocks() {
  { std::unique_lock<std::mutex> Lock(M); }
  sleep(1); // no-warning: destroyed, so unlocked
}

void testUniqueLockReleaseKeepsMutexLocked() {
  std::mutex *Owned;
  {
    std::unique_lock<std::mutex> Lock(M);
    Owned = Lock.release();
  }
  sleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-5]]:34: note: lock 'M' acquired here
  Owned->unlock();
}

void testScopedLockOfTwoMutexes(std::condition_variable_any &Cv) {
  {
    std::scoped_lock Both(A, B);
    usleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'A' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:22: note: lock 'A' acquired here
    // Waiting releases A only: B is held too.
    Cv.wait(A);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:8: warning: blocking call to 'std::condition_variable_any::wait' while lock 'B' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-7]]:22: note: lock 'B' acquired here
  }
  sleep(1); // no-warning: scoped_lock released both
}

void testStdLockThenSleep() {
  std::lock(A, B);
  sleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'A' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:3: note: lock 'A' acquired here
  A.unlock();
  usleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'B' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-7]]:3: note: lock 'B' acquired here
  B.unlock();
  usleep(2); // no-warning: both released
}

void testLockUnlockInsideLoopThenSleep(int N) {
  for (int I = 0; I < N; ++I) {
    M.lock();
    M.unlock();
  }
  sleep(1); // no-warning: every iteration unlocks
}

void testSleepInsideLockedLoopBody(int N) {
  for (int I = 0; I < N; ++I) {
    std::lock_guard<std::mutex> Guard(M);
    usleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:33: note: lock 'M' acquired here
  }
  sleep(1); // no-warning: the guard is destroyed each iteration
}

void testLockHeldAcrossLoop(int N) {
  M.lock();
  while (N-- > 0)
    usleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-4]]:3: note: lock 'M' acquired here
  M.unlock();
}

void testUnlockAroundSleepInsideLoop(int N) {
  M.lock();
  while (N-- > 0) {
    M.unlock();
    usleep(1); // no-warning: unlocked on every path into this statement
    M.lock();
  }
  M.unlock();
}

void testRawSocketRecvUnderLock(int Sock, char *Buf, std::size_t Len) {
  {
    std::lock_guard<std::mutex> Guard(M);
    recv(Sock, Buf, Len, 0);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'recv' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-3]]:33: note: lock 'M' acquired here
    send(Sock, Buf, Len, 0);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'send' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-6]]:33: note: lock 'M' acquired here
    read(Sock, Buf, Len); // unknown descriptor: a read waits for its peer
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'read' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE-9]]:33: note: lock 'M' acquired here
    write(Sock, Buf, Len); // unknown descriptor: reported with report-unknown-fd-io
// FDIO: held-while-blocking.cpp:[[@LINE-1]]:5: warning: blocking call to 'write' while lock 'M' is held
// FDIO-NEXT: held-while-blocking.cpp:[[@LINE-12]]:33: note: lock 'M' acquired here
  }
  recv(Sock, Buf, Len, 0); // no-warning: no lock held
}

void leafHelperSleeps() {
  sleep(1);
// CHECK: held-while-blocking.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'M' is held
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE+12]]:31: note: lock 'M' acquired here
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE+12]]:3: note: 'testLockHeldAcrossCallIntoBlockingHelper' calls 'middleHelper' here
// CHECK-NEXT: held-while-blocking.cpp:[[@LINE+6]]:3: note: 'middleHelper' calls 'leafHelperSleeps' here
}

void helperCalledWithoutLockSleeps() { sleep(2); } // no-warning: never called under a lock

void middleHelper() {
  leafHelperSleeps();
}

void testLockHeldAcrossCallIntoBlockingHelper() {
  std::lock_guard<std::mutex> Guard(M);
  middleHelper();
}

void testCallIntoBlockingHelperAfterUnlock() {
  M.lock();
  M.unlock();
  helperCalledWithoutLockSleeps();
}

int main() {}
// DEFAULT: stallscan: 20 findings in 1 file (1 translation units)
// FDIO: stallscan: 21 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
