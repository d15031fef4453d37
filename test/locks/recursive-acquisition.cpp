// A lock taken twice by the same thread (a recursive mutex, nested guards of
// one mutex, a pthread mutex made PTHREAD_MUTEX_RECURSIVE) stays held until it
// has been released as often as it was taken: the lock set counts
// acquisitions per lock. The finding names the first acquisition, which
// opened the critical section.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <pthread.h>
#include <unistd.h>

std::recursive_mutex TreeMutex;
pthread_mutex_t RecursivePM; // initialised with PTHREAD_MUTEX_RECURSIVE in main

void testRecursiveMutexLockedTwiceUnlockedOnce() {
  TreeMutex.lock();
  TreeMutex.lock();
  TreeMutex.unlock();
  sleep(1);
// CHECK: recursive-acquisition.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'TreeMutex' is held
// CHECK-NEXT: recursive-acquisition.cpp:[[@LINE-5]]:3: note: lock 'TreeMutex' acquired here
  TreeMutex.unlock();
  usleep(1); // no-warning: unlocked as often as locked
}

void testNestedRecursiveGuards() {
  std::lock_guard<std::recursive_mutex> Outer(TreeMutex);
  { std::lock_guard<std::recursive_mutex> Inner(TreeMutex); }
  sleep(2);
// CHECK: recursive-acquisition.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'TreeMutex' is held
// CHECK-NEXT: recursive-acquisition.cpp:[[@LINE-4]]:41: note: lock 'TreeMutex' acquired here
}

void testNestedGuardsBothGone() {
  {
    std::lock_guard<std::recursive_mutex> Outer(TreeMutex);
    { std::lock_guard<std::recursive_mutex> Inner(TreeMutex); }
  }
  sleep(3); // no-warning: both guards are destroyed
}

void testPthreadRecursiveMutex() {
  pthread_mutex_lock(&RecursivePM);
  pthread_mutex_lock(&RecursivePM);
  pthread_mutex_unlock(&RecursivePM);
  sleep(4);
// CHECK: recursive-acquisition.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'RecursivePM' is held
// CHECK-NEXT: recursive-acquisition.cpp:[[@LINE-5]]:3: note: lock 'RecursivePM' acquired here
  pthread_mutex_unlock(&RecursivePM);
  usleep(4); // no-warning: unlocked twice
}

void testCountsDoNotGrowAroundALoop(int N) {
  TreeMutex.lock();
  while (N-- > 0) {
    TreeMutex.lock();
    TreeMutex.unlock();
  }
  TreeMutex.unlock();
  usleep(5); // no-warning: every lock() matched
}

void testAdoptingGuardAddsNoCount() {
  TreeMutex.lock();
  {
    std::lock_guard<std::recursive_mutex> Adopted(TreeMutex, std::adopt_lock);
    sleep(6);
// CHECK: recursive-acquisition.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'TreeMutex' is held
// CHECK-NEXT: recursive-acquisition.cpp:[[@LINE-5]]:3: note: lock 'TreeMutex' acquired here
  }
  usleep(6); // no-warning: the adopting guard released the one acquisition
}

int main() {
  pthread_mutexattr_t A;
  pthread_mutexattr_init(&A);
  pthread_mutexattr_settype(&A, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&RecursivePM, &A);
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
