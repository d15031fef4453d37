// A helper given the caller's lock (a unique_lock or the mutex, by reference
// or by pointer) that unlocks it before blocking does not block under the
// lock: the extractor records, at each site, the caller's locks the function
// has released on every path to it (BlockingFact::Released, by parameter
// key), and the link maps the caller's lock onto that parameter
// (CallFact::LockArgs). A helper that blocks before it unlocks, or after it
// has locked again, blocks under the caller's lock.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <pthread.h>
#include <unistd.h>

std::mutex StateMutex;
pthread_mutex_t CMutex = PTHREAD_MUTEX_INITIALIZER;

void unlockThenBackOff(std::unique_lock<std::mutex> &Lock) {
  Lock.unlock();
  usleep(100); // no-warning: the caller's lock was released on the line above
  Lock.lock();
}

void testCallerPassesGuardToHelperThatUnlocks() {
  std::unique_lock<std::mutex> Lock(StateMutex);
  unlockThenBackOff(Lock);
}

void dropThenSleep(std::mutex &Mu) {
  Mu.unlock();
  sleep(1); // no-warning: released first
  Mu.lock();
}

void testCallerPassesMutexToHelperThatUnlocks() {
  StateMutex.lock();
  dropThenSleep(StateMutex);
  StateMutex.unlock();
}

void dropPthreadThenSleep(pthread_mutex_t *M) {
  pthread_mutex_unlock(M);
  usleep(10); // no-warning: released first
  pthread_mutex_lock(M);
}

void testCallerPassesPthreadMutexPointer() {
  pthread_mutex_lock(&CMutex);
  dropPthreadThenSleep(&CMutex);
  pthread_mutex_unlock(&CMutex);
}

// The helper names the global itself (issue 14 item 6).
void dropGlobalThenSleep() {
  pthread_mutex_unlock(&CMutex);
  usleep(10); // no-warning: released first
  pthread_mutex_lock(&CMutex);
}

void testHelperReleasesTheGlobalItself() {
  pthread_mutex_lock(&CMutex);
  dropGlobalThenSleep();
  pthread_mutex_unlock(&CMutex);
}

// A call made after the release does not carry the lock either.
void backOffSleep() { usleep(10); } // no-warning: called after the release

void dropThenCallSleeper(std::unique_lock<std::mutex> &Lock) {
  Lock.unlock();
  backOffSleep();
  Lock.lock();
}

void testReleasedBeforeCallingASleeper() {
  std::unique_lock<std::mutex> Lock(StateMutex);
  dropThenCallSleeper(Lock);
}

void sleepThenUnlock(std::unique_lock<std::mutex> &Lock) {
  usleep(100);
// CHECK: callee-unlocks-caller-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'StateMutex' is held
// CHECK-NEXT: callee-unlocks-caller-lock.cpp:[[@LINE+7]]:32: note: lock 'StateMutex' acquired here
// CHECK-NEXT: callee-unlocks-caller-lock.cpp:[[@LINE+7]]:3: note: 'testHelperBlocksBeforeUnlocking' calls 'sleepThenUnlock' here
  Lock.unlock();
  Lock.lock();
}

void testHelperBlocksBeforeUnlocking() {
  std::unique_lock<std::mutex> Lock(StateMutex);
  sleepThenUnlock(Lock);
}

void unlockRelockThenSleep(std::unique_lock<std::mutex> &Lock) {
  Lock.unlock();
  Lock.lock();
  usleep(100);
// CHECK: callee-unlocks-caller-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'StateMutex' is held
// CHECK-NEXT: callee-unlocks-caller-lock.cpp:[[@LINE+5]]:32: note: lock 'StateMutex' acquired here
// CHECK-NEXT: callee-unlocks-caller-lock.cpp:[[@LINE+5]]:3: note: 'testHelperRelocksThenBlocks' calls 'unlockRelockThenSleep' here
}

void testHelperRelocksThenBlocks() {
  std::unique_lock<std::mutex> Lock(StateMutex);
  unlockRelockThenSleep(Lock);
}

void unlockOnOneBranchThenSleep(std::mutex &Mu, bool Busy) {
  if (Busy)
    Mu.unlock();
  sleep(1);
// CHECK: callee-unlocks-caller-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'StateMutex' is held
// CHECK-NEXT: callee-unlocks-caller-lock.cpp:[[@LINE+5]]:3: note: lock 'StateMutex' acquired here
// CHECK-NEXT: callee-unlocks-caller-lock.cpp:[[@LINE+5]]:3: note: 'testHelperUnlocksOnOneBranchOnly' calls 'unlockOnOneBranchThenSleep' here
}

void testHelperUnlocksOnOneBranchOnly(bool Busy) {
  StateMutex.lock();
  unlockOnOneBranchThenSleep(StateMutex, Busy);
  StateMutex.unlock();
}

void relockGlobalThenSleep() {
  pthread_mutex_unlock(&CMutex);
  pthread_mutex_lock(&CMutex);
  usleep(10);
// CHECK: callee-unlocks-caller-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'CMutex' is held
// CHECK-NEXT: callee-unlocks-caller-lock.cpp:[[@LINE-3]]:3: note: lock 'CMutex' acquired here
}

void testHelperRelocksTheGlobal() {
  pthread_mutex_lock(&CMutex);
  relockGlobalThenSleep();
  pthread_mutex_unlock(&CMutex);
}

int main() {}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
