// Reader locks are locks too: readers block writers (and writer-preferring
// implementations block later readers) while a reader waits on I/O. The note
// says "(shared)". std::shared_lock, shared_mutex::lock_shared and
// pthread_rwlock_rdlock; writer locks on the same objects have no suffix.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <unistd.h>

std::shared_mutex ConfigMutex;
pthread_rwlock_t RouteLock = PTHREAD_RWLOCK_INITIALIZER;

void testSharedLockThenSleep() {
  std::shared_lock<std::shared_mutex> Reader(ConfigMutex);
  sleep(1);
// CHECK: reader-locks.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'ConfigMutex' is held; every thread that needs the lock waits for it too: release the lock first or move the call out of the critical section [stallscan-lock-held-while-blocking]
// CHECK-NEXT: reader-locks.cpp:[[@LINE-3]]:39: note: lock 'ConfigMutex' acquired here (shared)
}

void testSharedLockUnlockedBeforeSleep() {
  std::shared_lock<std::shared_mutex> Reader(ConfigMutex);
  Reader.unlock();
  sleep(1); // no-warning: shared_lock::unlock
}

void testSharedLockScopeClosedBeforeSleep() {
  { std::shared_lock<std::shared_mutex> Reader(ConfigMutex); }
  sleep(1); // no-warning: released at the end of its scope
}

void testDeferredSharedLockThenLock() {
  std::shared_lock<std::shared_mutex> Reader(ConfigMutex, std::defer_lock);
  sleep(1); // no-warning: deferred
  Reader.lock();
  usleep(1);
// CHECK: reader-locks.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'ConfigMutex' is held
// CHECK-NEXT: reader-locks.cpp:[[@LINE-3]]:3: note: lock 'ConfigMutex' acquired here (shared)
}

void testLockSharedThenSleep() {
  ConfigMutex.lock_shared();
  sleep(1);
// CHECK: reader-locks.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'ConfigMutex' is held
// CHECK-NEXT: reader-locks.cpp:[[@LINE-3]]:3: note: lock 'ConfigMutex' acquired here (shared)
  ConfigMutex.unlock_shared();
  usleep(1); // no-warning: unlock_shared
}

void testExclusiveLockOnSharedMutexIsNotShared() {
  std::unique_lock<std::shared_mutex> Writer(ConfigMutex);
  sleep(1);
// CHECK: reader-locks.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'ConfigMutex' is held
// CHECK-NEXT: reader-locks.cpp:[[@LINE-3]]:39: note: lock 'ConfigMutex' acquired here{{$}}
}

void testPthreadRdlockThenSleep() {
  pthread_rwlock_rdlock(&RouteLock);
  sleep(1);
// CHECK: reader-locks.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'RouteLock' is held
// CHECK-NEXT: reader-locks.cpp:[[@LINE-3]]:3: note: lock 'RouteLock' acquired here (shared)
  pthread_rwlock_unlock(&RouteLock);
  usleep(1); // no-warning: pthread_rwlock_unlock
}

void testPthreadWrlockThenSleep() {
  pthread_rwlock_wrlock(&RouteLock);
  sleep(1);
// CHECK: reader-locks.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'RouteLock' is held
// CHECK-NEXT: reader-locks.cpp:[[@LINE-3]]:3: note: lock 'RouteLock' acquired here{{$}}
  pthread_rwlock_unlock(&RouteLock);
}

int main() {}
// CHECK: stallscan: 6 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
