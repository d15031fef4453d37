// Timed locks give up after a timeout: pthread_mutex_timedlock and C11
// mtx_timedlock return 0 (thrd_success) when they got the lock, like
// pthread_mutex_trylock. Tested, they hold on the success branch only;
// discarded, the code goes on as if it held the lock.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <pthread.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

pthread_mutex_t PM = PTHREAD_MUTEX_INITIALIZER;
mtx_t CM;
struct timespec Deadline;

void testPthreadTimedlockTested() {
  if (pthread_mutex_timedlock(&PM, &Deadline) == 0) {
    sleep(1);
// CHECK: timed-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'PM' is held
// CHECK-NEXT: timed-lock.cpp:[[@LINE-3]]:7: note: lock 'PM' acquired here
    pthread_mutex_unlock(&PM);
  } else {
    usleep(1); // no-warning: timed out
  }
}

void testMtxTimedlockTested() {
  if (mtx_timedlock(&CM, &Deadline) != thrd_success) {
    usleep(2); // no-warning: timed out
    return;
  }
  sleep(2);
// CHECK: timed-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'CM' is held
// CHECK-NEXT: timed-lock.cpp:[[@LINE-6]]:7: note: lock 'CM' acquired here
  mtx_unlock(&CM);
}

void testMtxTimedlockDiscarded() {
  mtx_timedlock(&CM, &Deadline);
  sleep(3);
// CHECK: timed-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'CM' is held
// CHECK-NEXT: timed-lock.cpp:[[@LINE-3]]:3: note: lock 'CM' acquired here
  mtx_unlock(&CM);
  usleep(3); // no-warning: unlocked
}

int main() {}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
