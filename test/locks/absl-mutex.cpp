// absl::Mutex from Debian's libabsl-dev (installed by tool/setup): Lock /
// Unlock, ReaderLock, and the MutexLock / ReaderMutexLock / WriterMutexLock
// guards are understood from the catalog and from the thread-safety
// attributes absl puts on them (ABSL_EXCLUSIVE_LOCK_FUNCTION,
// ABSL_SCOPED_LOCKABLE). Blocking under them is reported; after the release
// nothing is.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <absl/synchronization/mutex.h>
#include <unistd.h>

absl::Mutex CacheMu;
int Entries;

void testLockUnlock() {
  CacheMu.Lock();
  sleep(1);
// CHECK: absl-mutex.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'CacheMu' is held
// CHECK-NEXT: absl-mutex.cpp:[[@LINE-3]]:3: note: lock 'CacheMu' acquired here
  CacheMu.Unlock();
  usleep(1); // no-warning: released
}

void testMutexLockGuard() {
  {
    absl::MutexLock Guard(&CacheMu);
    usleep(2);
// CHECK: absl-mutex.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'CacheMu' is held
// CHECK-NEXT: absl-mutex.cpp:[[@LINE-3]]:21: note: lock 'CacheMu' acquired here
    ++Entries;
  }
  usleep(3); // no-warning: the guard's scope ended
}

void testReaderMutexLock() {
  {
    absl::ReaderMutexLock Guard(&CacheMu);
    usleep(4);
// CHECK: absl-mutex.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'CacheMu' is held
// CHECK-NEXT: absl-mutex.cpp:[[@LINE-3]]:27: note: lock 'CacheMu' acquired here (shared)
  }
  usleep(5); // no-warning: released
}

void testWriterMutexLock() {
  {
    absl::WriterMutexLock Guard(&CacheMu);
    usleep(6);
// CHECK: absl-mutex.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'CacheMu' is held
// CHECK-NEXT: absl-mutex.cpp:[[@LINE-3]]:27: note: lock 'CacheMu' acquired here{{$}}
  }
  usleep(7); // no-warning: released
}

void testReaderLockUnlock() {
  CacheMu.ReaderLock();
  sleep(2);
// CHECK: absl-mutex.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'CacheMu' is held
// CHECK-NEXT: absl-mutex.cpp:[[@LINE-3]]:3: note: lock 'CacheMu' acquired here (shared)
  CacheMu.ReaderUnlock();
  sleep(3); // no-warning: released
}

void testTryLock() {
  if (CacheMu.TryLock()) {
    usleep(8);
// CHECK: absl-mutex.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'CacheMu' is held
// CHECK-NEXT: absl-mutex.cpp:[[@LINE-3]]:7: note: lock 'CacheMu' acquired here
    CacheMu.Unlock();
  } else {
    usleep(9); // no-warning: busy
  }
}

int main() {}
// CHECK: stallscan: 6 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
