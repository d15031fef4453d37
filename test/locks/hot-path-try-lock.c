/* stallscan-serialised-hot-path: a critical section entered only through a
 * try-lock that gives up at once (`if (pthread_mutex_trylock(&m) != 0)
 * return BUSY;`, memcached's slabs_reassign) never makes a request queue:
 * one that finds the lock taken does something else. A timed lock
 * (pthread_mutex_timedlock) waits up to its timeout, and a plain lock
 * waits: both still serialise.
 * RUN: %exitcode %stallscan --no-snippets %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t RebalLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t TimedLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t PlainLock = PTHREAD_MUTEX_INITIALIZER;
static long Table[64];

static int testTryLockGivesUp(int Src, int Dst) {
  if (pthread_mutex_trylock(&RebalLock) != 0) /* no-warning: never queues */
    return -1;
  for (int I = 0; I < 64; ++I)
    Table[I] += Src - Dst;
  pthread_mutex_unlock(&RebalLock);
  return 0;
}

static int testTimedLockWaits(int Src) {
  struct timespec Deadline = {0, 1000000};
  if (pthread_mutex_timedlock(&TimedLock, &Deadline) != 0)
// CHECK: hot-path-try-lock.c:[[@LINE-1]]:7: warning: lock 'TimedLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
    return -1;
  for (int I = 0; I < 64; ++I)
    Table[I] += Src;
  pthread_mutex_unlock(&TimedLock);
  return 0;
}

static void testPlainLockWaits(int Src) {
  pthread_mutex_lock(&PlainLock);
// CHECK: hot-path-try-lock.c:[[@LINE-1]]:3: warning: lock 'PlainLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
  for (int I = 0; I < 64; ++I)
    Table[I] -= Src;
  pthread_mutex_unlock(&PlainLock);
}

static void onRequest(evutil_socket_t Fd, short What, void *Arg) {
  (void)What;
  (void)Arg;
  testTryLockGivesUp(Fd, 1);
  testTimedLockWaits(Fd);
  testPlainLockWaits(Fd);
}

int main(void) {
  struct event_base *Base = event_base_new();
  struct event *Ev = event_new(Base, 0, 0, onRequest, NULL);
  event_add(Ev, NULL);
  event_base_loop(Base, 0);
  return 0;
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
