// Code annotated for Clang's -Wthread-safety needs no configuration: a class
// with the capability attribute whose methods acquire, release or try to
// acquire it, free functions that acquire the capability they are given, and
// scoped_lockable guards whose constructor acquires and destructor releases.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <unistd.h>

class __attribute__((capability("mutex"))) Mutex {
public:
  void Lock() __attribute__((acquire_capability()));
  void Unlock() __attribute__((release_capability()));
  bool TryLock() __attribute__((try_acquire_capability(true)));
  void ReaderLock() __attribute__((acquire_shared_capability()));
  void ReaderUnlock() __attribute__((release_shared_capability()));
};

class __attribute__((scoped_lockable)) MutexLock {
public:
  explicit MutexLock(Mutex *Mu) __attribute__((acquire_capability(Mu)));
  ~MutexLock() __attribute__((release_capability()));
};

class __attribute__((scoped_lockable)) ReaderMutexLock {
public:
  explicit ReaderMutexLock(Mutex *Mu) __attribute__((acquire_shared_capability(Mu)));
  ~ReaderMutexLock() __attribute__((release_capability()));
};

void lockMutex(Mutex &Mu) __attribute__((acquire_capability(Mu)));
void unlockMutex(Mutex &Mu) __attribute__((release_capability(Mu)));
int tryLockMutexZeroOnSuccess(Mutex &Mu) __attribute__((try_acquire_capability(0, Mu)));

Mutex CacheMu;

void testAnnotatedLockThenSleep() {
  CacheMu.Lock();
  sleep(1);
// CHECK: thread-safety-attributes.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'CacheMu' is held; every thread that needs the lock waits for it too: release the lock first or move the call out of the critical section [stallscan-lock-held-while-blocking]
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE-3]]:3: note: lock 'CacheMu' acquired here
  CacheMu.Unlock();
  usleep(1); // no-warning: released by the release_capability method
}

void testAnnotatedTryLock() {
  if (CacheMu.TryLock()) {
    sleep(1);
// CHECK: thread-safety-attributes.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'CacheMu' is held
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE-3]]:7: note: lock 'CacheMu' acquired here
    CacheMu.Unlock();
  } else {
    usleep(1); // no-warning: the try failed
  }
}

void testAnnotatedReaderLock() {
  CacheMu.ReaderLock();
  sleep(1);
// CHECK: thread-safety-attributes.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'CacheMu' is held
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE-3]]:3: note: lock 'CacheMu' acquired here (shared)
  CacheMu.ReaderUnlock();
  usleep(1); // no-warning: released
}

void testScopedLockableGuard() {
  {
    MutexLock Guard(&CacheMu);
    sleep(1);
// CHECK: thread-safety-attributes.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'CacheMu' is held
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE-3]]:15: note: lock 'CacheMu' acquired here
  }
  usleep(1); // no-warning: the guard's destructor released it
}

void testScopedLockableReaderGuard() {
  {
    ReaderMutexLock Guard(&CacheMu);
    sleep(1);
// CHECK: thread-safety-attributes.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'CacheMu' is held
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE-3]]:21: note: lock 'CacheMu' acquired here (shared)
  }
  usleep(1); // no-warning: released
}

void testAnnotatedFreeFunctions() {
  lockMutex(CacheMu);
  sleep(1);
// CHECK: thread-safety-attributes.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'CacheMu' is held
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE-3]]:3: note: lock 'CacheMu' acquired here
  unlockMutex(CacheMu);
  usleep(1); // no-warning: released by the annotated free function
}

void testAnnotatedTryZeroOnSuccess() {
  if (tryLockMutexZeroOnSuccess(CacheMu) == 0) {
    sleep(1);
// CHECK: thread-safety-attributes.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'CacheMu' is held
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE-3]]:7: note: lock 'CacheMu' acquired here
    unlockMutex(CacheMu);
  } else {
    usleep(1); // no-warning: a non-zero result is failure
  }
}

struct Account {
  Mutex Mu;
  long Balance __attribute__((guarded_by(Mu))) = 0;

  void auditLocked() __attribute__((requires_capability(Mu))) {
    usleep(10);
// CHECK: thread-safety-attributes.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'Mu' is held
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE+5]]:15: note: lock 'Mu' acquired here
// CHECK-NEXT: thread-safety-attributes.cpp:[[@LINE+5]]:5: note: 'Account::testGuardHeldAcrossCallToAnnotatedHelper' calls 'Account::auditLocked' here
  }

  void testGuardHeldAcrossCallToAnnotatedHelper() {
    MutexLock Guard(&Mu);
    auditLocked();
  }

  void testMemberLockReleasedBeforeSleep() {
    Mu.Lock();
    Balance += 1;
    Mu.Unlock();
    sleep(1); // no-warning: released
  }
};

int main() {}
// CHECK: stallscan: 8 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
