// Regression test for a gap found and fixed in the same change; the notes
// below describe how the tool used to fail.
// `if (0 == pthread_mutex_trylock(&m))`, a common C spelling, holds the lock
// on its true branch. LockFlow::applyTryBranches only accepts the constant 0
// on the right-hand side of == / != (it evaluates BO->getRHS()), so with 0 on
// the left the try-lock is not recognised and the sleep is missed.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <pthread.h>
#include <unistd.h>

pthread_mutex_t PM = PTHREAD_MUTEX_INITIALIZER;

void testZeroOnTheLeft() {
  if (0 == pthread_mutex_trylock(&PM)) {
    sleep(1);
// CHECK: try-lock-zero-on-left.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: try-lock-zero-on-left.cpp:{{[0-9]+:[0-9]+}}: note: lock 'PM' acquired here
    pthread_mutex_unlock(&PM);
  } else {
    usleep(1); // no-warning: busy
  }
}

int main() {}
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
// CHECK: exit-code: 1
