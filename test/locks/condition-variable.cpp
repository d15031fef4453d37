// A condition-variable wait releases the lock it is given while it waits:
// waiting with your own lock is not a finding, waiting while holding another
// lock is (the note names the other lock). std::condition_variable wait,
// wait_for, wait_until, and pthread_cond_wait / pthread_cond_timedwait.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <unistd.h>

std::mutex QueueMutex, StatsMutex;
std::condition_variable QueueCv;
bool Ready;
pthread_mutex_t PQueue = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t PStats = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t PCv = PTHREAD_COND_INITIALIZER;

void testWaitWithItsOwnLock() {
  std::unique_lock<std::mutex> Lock(QueueMutex);
  QueueCv.wait(Lock);                          // no-warning: releases QueueMutex while waiting
  QueueCv.wait(Lock, [] { return Ready; });    // no-warning: same, with a predicate
}

void testWaitForAndUntilWithTheirOwnLock() {
  std::unique_lock<std::mutex> Lock(QueueMutex);
  QueueCv.wait_for(Lock, std::chrono::seconds(1));                       // no-warning: own lock
  QueueCv.wait_until(Lock, std::chrono::steady_clock::now());            // no-warning: own lock
  QueueCv.wait_for(Lock, std::chrono::seconds(1), [] { return Ready; }); // no-warning: own lock
}

void testWaitWhileHoldingAnotherLock() {
  std::lock_guard<std::mutex> Stats(StatsMutex);
  std::unique_lock<std::mutex> Lock(QueueMutex);
  QueueCv.wait(Lock);
// CHECK: condition-variable.cpp:[[@LINE-1]]:11: warning: blocking call to 'std::condition_variable::wait' while lock 'StatsMutex' is held; every thread that needs the lock waits for it too: release the lock first or move the call out of the critical section [stallscan-lock-held-while-blocking]
// CHECK-NEXT: condition-variable.cpp:[[@LINE-4]]:31: note: lock 'StatsMutex' acquired here
}

void testWaitForWhileHoldingAnotherLock() {
  std::lock_guard<std::mutex> Stats(StatsMutex);
  std::unique_lock<std::mutex> Lock(QueueMutex);
  QueueCv.wait_for(Lock, std::chrono::milliseconds(50));
// CHECK: condition-variable.cpp:[[@LINE-1]]:11: warning: blocking call to 'std::condition_variable::wait_for' while lock 'StatsMutex' is held
// CHECK-NEXT: condition-variable.cpp:[[@LINE-4]]:31: note: lock 'StatsMutex' acquired here
}

void testWaitAfterReleasingTheOtherLock() {
  { std::lock_guard<std::mutex> Stats(StatsMutex); }
  std::unique_lock<std::mutex> Lock(QueueMutex);
  QueueCv.wait(Lock); // no-warning: StatsMutex was released above
}

void testOwnLockIsHeldAgainAfterTheWait() {
  std::unique_lock<std::mutex> Lock(QueueMutex);
  QueueCv.wait(Lock); // no-warning: own lock
  sleep(1);
// CHECK: condition-variable.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'QueueMutex' is held
// CHECK-NEXT: condition-variable.cpp:[[@LINE-4]]:32: note: lock 'QueueMutex' acquired here
}

void testPthreadCondWaitWithItsOwnMutex() {
  pthread_mutex_lock(&PQueue);
  while (!Ready)
    pthread_cond_wait(&PCv, &PQueue); // no-warning: releases PQueue while waiting
  pthread_mutex_unlock(&PQueue);
}

void testPthreadCondTimedwaitWithItsOwnMutex(const struct timespec *Deadline) {
  pthread_mutex_lock(&PQueue);
  pthread_cond_timedwait(&PCv, &PQueue, Deadline); // no-warning: own mutex
  pthread_mutex_unlock(&PQueue);
}

void testPthreadCondWaitWhileHoldingAnotherMutex() {
  pthread_mutex_lock(&PStats);
  pthread_mutex_lock(&PQueue);
  while (!Ready)
    pthread_cond_wait(&PCv, &PQueue);
// CHECK: condition-variable.cpp:[[@LINE-1]]:5: warning: blocking call to 'pthread_cond_wait' while lock 'PStats' is held
// CHECK-NEXT: condition-variable.cpp:[[@LINE-5]]:3: note: lock 'PStats' acquired here
  pthread_mutex_unlock(&PQueue);
  pthread_mutex_unlock(&PStats);
}

void testPthreadCondWaitAfterUnlockingTheOtherMutex() {
  pthread_mutex_lock(&PStats);
  pthread_mutex_unlock(&PStats);
  pthread_mutex_lock(&PQueue);
  pthread_cond_wait(&PCv, &PQueue); // no-warning: PStats is no longer held
  pthread_mutex_unlock(&PQueue);
}

int main() {}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
