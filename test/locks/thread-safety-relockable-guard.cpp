// A scoped_lockable guard with Unlock()/Lock() methods annotated
// release_capability()/acquire_capability() without arguments (Clang's
// documented MutexLocker, a "relockable scope") releases and re-takes the
// mutex it guards: no finding after Unlock(), a finding again after Lock(),
// named after the Lock() call; the destructor releases only what the guard
// still owns.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <unistd.h>

class __attribute__((capability("mutex"))) Mutex {
public:
  void Lock() __attribute__((acquire_capability()));
  void Unlock() __attribute__((release_capability()));
};

class __attribute__((scoped_lockable)) MutexLocker {
public:
  explicit MutexLocker(Mutex *Mu) __attribute__((acquire_capability(Mu)));
  void Unlock() __attribute__((release_capability()));
  void Lock() __attribute__((acquire_capability()));
  ~MutexLocker() __attribute__((release_capability()));
};

Mutex CacheMu;

void testRelockableGuard() {
  MutexLocker Guard(&CacheMu);
  Guard.Unlock();
  sleep(1); // no-warning: the guard released CacheMu
  Guard.Lock();
  usleep(1);
// CHECK: thread-safety-relockable-guard.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'CacheMu' is held
// CHECK-NEXT: thread-safety-relockable-guard.cpp:[[@LINE-3]]:3: note: lock 'CacheMu' acquired here
}

void testRelockableGuardUnlockedAtScopeEnd() {
  {
    MutexLocker Guard(&CacheMu);
    Guard.Unlock();
    Guard.Lock();
  }
  sleep(2); // no-warning: the destructor released the re-taken lock
}

int main() {}
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
// CHECK: exit-code: 1
