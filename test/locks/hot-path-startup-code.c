/* stallscan-serialised-hot-path: code that runs only before an event loop
 * starts or after it returns is start-up and shutdown, not a request path,
 * even in a thread body that serves requests through its loop: each worker
 * of a pool registers itself under a lock once, then runs its loop. The
 * loop's handlers are the request entry points. Starting a thread and
 * waiting once for it to come up (a latch) is start-up synchronisation,
 * even when a handler starts the thread.
 * RUN: %exitcode %stallscan --no-snippets %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t InitLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t StatsLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t LatchLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t LatchCond = PTHREAD_COND_INITIALIZER;
static int Started, Registered;
static char Names[16][32];
static long Requests[16];

static void testHandlerUpdatesStats(evutil_socket_t Fd, short What, void *Arg) {
  pthread_mutex_lock(&StatsLock);
/* CHECK: hot-path-startup-code.c:[[@LINE-1]]:3: warning: lock 'StatsLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 */
  for (int I = 0; I < 16; ++I)
    Requests[I] += Fd;
  pthread_mutex_unlock(&StatsLock);
}

static void registerWorker(const char *Name) {
  pthread_mutex_lock(&InitLock); /* no-warning: once per worker, before its loop */
  strcpy(Names[Registered], Name);
  Registered++;
  pthread_mutex_unlock(&InitLock);
}

static void *testLoopThreadStartupAndShutdown(void *Arg) {
  struct event_base *Base = event_base_new();
  struct event *Ev = event_new(Base, 0, 0, testHandlerUpdatesStats, NULL);
  event_add(Ev, NULL);
  registerWorker("worker");
  event_base_loop(Base, 0);
  pthread_mutex_lock(&InitLock); /* no-warning: after the loop returned */
  for (int I = 0; I < 16; ++I)
    Names[I][0] = 0;
  Registered--;
  pthread_mutex_unlock(&InitLock);
  return NULL;
}

static void *latchedBody(void *Arg) {
  pthread_mutex_lock(&LatchLock); /* no-warning: a flag and a signal are no work */
  Started = 1;
  pthread_cond_signal(&LatchCond);
  pthread_mutex_unlock(&LatchLock);
  return NULL;
}

static void testStartThreadAndWaitForIt(void) {
  pthread_t T;
  pthread_create(&T, NULL, latchedBody, NULL);
  pthread_mutex_lock(&LatchLock); /* no-warning: waited once per thread start */
  while (!Started)
    pthread_cond_wait(&LatchCond, &LatchLock);
  Names[0][0] = 'x';
  Requests[0] = 0;
  Registered = 0;
  pthread_mutex_unlock(&LatchLock);
}

/* A thread per connection (a request entry point) that starts a helper
 * thread and waits for it to come up. */
static void *connectionThread(void *Arg) {
  testStartThreadAndWaitForIt();
  return NULL;
}

static void *acceptLoop(void *Arg) {
  for (;;) {
    pthread_t T;
    int Fd = accept(3, NULL, NULL);
    pthread_create(&T, NULL, connectionThread, NULL);
  }
  return NULL;
}

int main(void) {
  pthread_t Workers[4];
  for (int I = 0; I < 4; ++I)
    pthread_create(&Workers[I], NULL, testLoopThreadStartupAndShutdown, NULL);
  pthread_t Acceptor;
  pthread_create(&Acceptor, NULL, acceptLoop, NULL);
  pthread_join(Acceptor, NULL);
  return 0;
}
/* CHECK: stallscan: 1 finding in 1 file (1 translation units)
 */
