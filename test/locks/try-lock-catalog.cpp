// Regression test for a gap found and fixed in the same change; the notes
// below describe how the tool used to fail.
// Try-locks missing from checks/catalog/locks.json, so their success branch
// is not known to hold the lock and the blocking calls below are missed:
// pthread_rwlock_tryrdlock (only pthread_rwlock_trywrlock is catalogued),
// std::shared_mutex::try_lock_shared, std::recursive_timed_mutex::try_lock and
// std::shared_timed_mutex::try_lock (only std::mutex, recursive_mutex,
// timed_mutex and shared_mutex try_lock are).
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <unistd.h>

pthread_rwlock_t RouteLock = PTHREAD_RWLOCK_INITIALIZER;
std::shared_mutex ConfigMutex;
std::recursive_timed_mutex TreeMutex;
std::shared_timed_mutex IndexMutex;

void testPthreadTryRdlock() {
  if (pthread_rwlock_tryrdlock(&RouteLock) == 0) {
    sleep(1);
// CHECK: try-lock-catalog.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'RouteLock' is held
// CHECK-NEXT: try-lock-catalog.cpp:[[@LINE-3]]:7: note: lock 'RouteLock' acquired here (shared)
    pthread_rwlock_unlock(&RouteLock);
  }
}

void testTryLockShared() {
  if (ConfigMutex.try_lock_shared()) {
    sleep(2);
// CHECK: try-lock-catalog.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'ConfigMutex' is held
// CHECK-NEXT: try-lock-catalog.cpp:[[@LINE-3]]:7: note: lock 'ConfigMutex' acquired here (shared)
    ConfigMutex.unlock_shared();
  }
}

void testRecursiveTimedTryLock() {
  if (TreeMutex.try_lock()) {
    sleep(3);
// CHECK: try-lock-catalog.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'TreeMutex' is held
// CHECK-NEXT: try-lock-catalog.cpp:[[@LINE-3]]:7: note: lock 'TreeMutex' acquired here
    TreeMutex.unlock();
  }
}

void testSharedTimedTryLock() {
  if (IndexMutex.try_lock()) {
    sleep(4);
// CHECK: try-lock-catalog.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'IndexMutex' is held
// CHECK-NEXT: try-lock-catalog.cpp:[[@LINE-3]]:7: note: lock 'IndexMutex' acquired here
    IndexMutex.unlock();
  }
}

int main() {}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
