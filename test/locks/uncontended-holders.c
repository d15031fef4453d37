/* stallscan-lock-held-while-blocking: blocking under a lock matters when a
 * thread serving requests can wait for that lock. Nobody can when the lock
 * is held
 *  - only after the event loop returned (shutdown, in the loop driver after
 *    its loop, or in functions it calls only from there),
 *  - only on the way out (a crash-signal handler, a noreturn panic),
 *  - only by background threads, when every acquisition on a request path
 *    is a try-lock or a start/stop of the thread, or the lock is local.
 * The same shapes reached from a request path, between two runs of the
 * loop, from a signal handler that returns, or by a lock a request takes
 * blocking are reported.
 * RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-lock-held-while-blocking %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t HangLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t DrainLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t TickLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t JanitorLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t FlushLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t CrashLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ReloadLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t PanicLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t Janitor, Flusher;
static volatile int Stop, Dirty;
static long Items[64];

/* Background threads. */
static void *janitorBody(void *Arg) {
  for (;;) {
    pthread_mutex_lock(&JanitorLock);
    for (int I = 0; I < 64; ++I)
      Items[I] = 0;
    usleep(1000); /* no-warning: requests only try-lock JanitorLock */
    pthread_mutex_unlock(&JanitorLock);
  }
  return NULL;
}

static void *flusherBody(void *Arg) {
  for (;;) {
    pthread_mutex_lock(&FlushLock);
    usleep(1000);
/* CHECK: uncontended-holders.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'FlushLock' is held
 * CHECK-NEXT: note: lock 'FlushLock' acquired here
 */
    pthread_mutex_unlock(&FlushLock);
  }
  return NULL;
}

struct compactor { pthread_mutex_t lock; int pass; };
static void *compactBody(void *Arg) {
  struct compactor C;
  pthread_mutex_init(&C.lock, NULL);
  pthread_mutex_lock(&C.lock);
  for (C.pass = 0; C.pass < 8; ++C.pass)
    usleep(1000); /* no-warning: a lock on the thread's own stack */
  pthread_mutex_unlock(&C.lock);
  return NULL;
}

/* The thread's controller may wait for the lock: start and stop. */
static void stopJanitor(void) {
  pthread_mutex_lock(&JanitorLock);
  Stop = 1;
  pthread_mutex_unlock(&JanitorLock);
  pthread_join(Janitor, NULL);
}

/* Request handlers. */
static void onRequest(evutil_socket_t Fd, short What, void *Arg) {
  if (pthread_mutex_trylock(&JanitorLock) == 0) {
    Items[Fd & 63]++;
    pthread_mutex_unlock(&JanitorLock);
  }
  pthread_mutex_lock(&FlushLock); /* a request waits for the flusher */
  Dirty = 1;
  pthread_mutex_unlock(&FlushLock);
  if (What == 2)
    stopJanitor();
}

/* Shutdown: worker threads are held on HangLock while the others stop. */
static void stopAll(void) {
  pthread_mutex_lock(&HangLock);
  pthread_join(Flusher, NULL); /* no-warning: the loop has returned */
  pthread_mutex_unlock(&HangLock);
}

static void drain(void) {
  pthread_mutex_lock(&DrainLock);
  FILE *F = fopen("/var/lib/server/items", "w");
/* CHECK: uncontended-holders.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' while lock 'DrainLock' is held
 * CHECK-NEXT: note: lock 'DrainLock' acquired here
 */
  fclose(F);
/* CHECK: uncontended-holders.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'DrainLock' is held
 * CHECK-NEXT: note: lock 'DrainLock' acquired here
 */
  pthread_mutex_unlock(&DrainLock);
}

static void onAdmin(evutil_socket_t Fd, short What, void *Arg) {
  drain(); /* also reached from a request: reported */
}

/* Between two runs of the loop: still serving. */
static void tick(void) {
  pthread_mutex_lock(&TickLock);
  usleep(100);
/* CHECK: uncontended-holders.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'TickLock' is held
 * CHECK-NEXT: note: lock 'TickLock' acquired here
 */
  pthread_mutex_unlock(&TickLock);
}

/* Crash handlers run once, on the way out. */
static void onCrash(int Sig, siginfo_t *Info, void *Ctx) {
  pthread_mutex_lock(&CrashLock);
  FILE *F = fopen("/var/log/server/crash", "a"); /* no-warning: SIGSEGV */
  fprintf(F, "signal %d\n", Sig);                 /* no-warning */
  fclose(F);                                      /* no-warning */
  pthread_mutex_unlock(&CrashLock);
  _exit(1);
}

static void onReload(int Sig) {
  pthread_mutex_lock(&ReloadLock);
  FILE *F = fopen("/etc/server.conf", "r");
/* CHECK: uncontended-holders.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' while lock 'ReloadLock' is held
 * CHECK-NEXT: note: lock 'ReloadLock' acquired here
 */
  fclose(F);
/* CHECK: uncontended-holders.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'ReloadLock' is held
 * CHECK-NEXT: note: lock 'ReloadLock' acquired here
 */
  pthread_mutex_unlock(&ReloadLock);
}

static void installHandlers(void) {
  struct sigaction Act;
  memset(&Act, 0, sizeof Act);
  Act.sa_sigaction = onCrash;
  Act.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &Act, NULL);
  sigaction(SIGBUS, &Act, NULL);
  signal(SIGHUP, onReload);
}

__attribute__((noreturn)) static void panic(const char *Why) {
  pthread_mutex_lock(&PanicLock);
  fprintf(stderr, "panic: %s\n", Why);
  FILE *F = fopen("/var/log/server/panic", "a"); /* no-warning: ends the process */
  fclose(F);                                     /* no-warning */
  abort();
}

int main(int Argc, char **Argv) {
  struct event_base *Base = event_base_new();
  installHandlers();
  if (!Base)
    panic("no event base");
  pthread_create(&Janitor, NULL, janitorBody, NULL);
  pthread_create(&Flusher, NULL, flusherBody, NULL);
  pthread_t Compactor;
  pthread_create(&Compactor, NULL, compactBody, NULL);
  struct event *Ev = event_new(Base, 3, 0, onRequest, NULL);
  event_add(Ev, NULL);
  struct event *Admin = event_new(Base, 4, 0, onAdmin, NULL);
  event_add(Admin, NULL);
  while (!Stop) {
    event_base_loop(Base, 1);
    tick();
  }
  stopAll();
  drain();
  return 0;
}
