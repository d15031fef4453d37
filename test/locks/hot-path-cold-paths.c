/* stallscan-serialised-hot-path: a request entry point is a handler that
 * serves requests. A timer's callback (evtimer_new, event_new with no
 * descriptor) armed at start-up, or only by itself, is a periodic tick on
 * the loop, not one: a lock only such timers take serialises no request. A
 * timer armed on a request path carries that request on (a deferred step)
 * and is one. A call
 * made on a branch that handles a failed
 * call (its condition reads errno: accept failing with EMFILE) runs when
 * the system is in trouble, not on a request's path. Each negative has a
 * twin a request reaches that is reported.
 * RUN: %exitcode %stallscan --no-snippets %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <errno.h>
#include <mock_event.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdio.h>

static pthread_mutex_t TickLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t PollLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t AcceptLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t BusyLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t RetryLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t DeferLock = PTHREAD_MUTEX_INITIALIZER;
static long Ticks[64], Polls[64];
static int Accepting = 1, Listeners[8], Busy[8], Retries[8], Deferred[8];
static struct event_base *Bases[4];

/* A timer's callback: no request waits behind it. */
static void testTimerTick(evutil_socket_t Fd, short What, void *Arg) {
  pthread_mutex_lock(&TickLock); /* no-warning: only a timer takes it */
  for (int I = 0; I < 64; ++I)
    Ticks[I] = Ticks[I] / 2;
  pthread_mutex_unlock(&TickLock);
}

/* A tick that re-arms itself. */
static void testSelfArmingTick(evutil_socket_t Fd, short What, void *Arg) {
  pthread_mutex_lock(&TickLock); /* no-warning: armed at start-up and by itself */
  for (int I = 0; I < 64; ++I)
    Ticks[I] = Ticks[I] * 2;
  pthread_mutex_unlock(&TickLock);
  struct event *Again = evtimer_new(Bases[0], testSelfArmingTick, NULL);
  event_add(Again, NULL);
}

/* A timer a request arms: the request's deferred step. */
static void testDeferredStep(evutil_socket_t Fd, short What, void *Arg) {
  pthread_mutex_lock(&DeferLock);
/* CHECK: hot-path-cold-paths.c:[[@LINE-1]]:3: warning: lock 'DeferLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 */
  for (int I = 0; I < 8; ++I)
    Deferred[I]++;
  pthread_mutex_unlock(&DeferLock);
}

/* The same section in a descriptor's handler serves requests. */
static void testReadHandler(evutil_socket_t Fd, short What, void *Arg) {
  pthread_mutex_lock(&PollLock);
/* CHECK: hot-path-cold-paths.c:[[@LINE-1]]:3: warning: lock 'PollLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 */
  for (int I = 0; I < 64; ++I)
    Polls[I] += Fd;
  pthread_mutex_unlock(&PollLock);
}

static void stopAccepting(void) {
  pthread_mutex_lock(&AcceptLock); /* no-warning: only when accept failed */
  for (int I = 0; I < 8; ++I)
    Listeners[I] = 0;
  Accepting = 0;
  pthread_mutex_unlock(&AcceptLock);
}

static void markBusy(void) {
  pthread_mutex_lock(&BusyLock);
/* CHECK: hot-path-cold-paths.c:[[@LINE-1]]:3: warning: lock 'BusyLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 */
  for (int I = 0; I < 8; ++I)
    Busy[I] = 1;
  pthread_mutex_unlock(&BusyLock);
}

static void countRetry(void) {
  pthread_mutex_lock(&RetryLock); /* no-warning: a case of a switch on errno */
  for (int I = 0; I < 8; ++I)
    Retries[I]++;
  pthread_mutex_unlock(&RetryLock);
}

static void testAcceptHandler(evutil_socket_t Fd, short What, void *Arg) {
  int Conn = accept(Fd, NULL, NULL);
  if (Conn == -1) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return;
    } else if (errno == EMFILE) {
      int Saved = 0;
      stopAccepting();
      (void)Saved;
    }
    switch (errno) {
    case EINTR:
      countRetry();
      break;
    default:
      break;
    }
    return;
  }
  /* Not an error branch: a test of the program's own state. */
  if (Conn > 1000)
    markBusy();
  struct event *Step = evtimer_new(Bases[Conn & 3], testDeferredStep, NULL);
  event_add(Step, NULL);
}

static void *testWorkerLoop(void *Arg) {
  struct event_base *Base = event_base_new();
  int Fd = *(int *)Arg;
  struct event *Tick = evtimer_new(Base, testTimerTick, NULL);
  struct event *Self = evtimer_new(Base, testSelfArmingTick, NULL);
  event_add(Self, NULL);
  struct event *Read = event_new(Base, Fd, 0, testReadHandler, NULL);
  struct event *Listen = event_new(Base, Fd, 0, testAcceptHandler, NULL);
  event_add(Tick, NULL);
  event_add(Read, NULL);
  event_add(Listen, NULL);
  event_base_loop(Base, 0);
  return NULL;
}

int main(void) {
  pthread_t Threads[4];
  int Fds[4] = {3, 4, 5, 6};
  for (int I = 0; I < 4; ++I)
    pthread_create(&Threads[I], NULL, testWorkerLoop, &Fds[I]);
  for (int I = 0; I < 4; ++I)
    pthread_join(Threads[I], NULL);
  return 0;
}
