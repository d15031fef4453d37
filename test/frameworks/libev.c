/* libev with Debian's real ev.h: ev_io_init / ev_timer_init / ev_init store
 * the watcher callback into the watcher's cb field (handler_fields in
 * checks/catalog/frameworks/libev.json), and ev_run calls it on the loop.
 * A nested ev_run blocks unless EVRUN_NOWAIT; a thread started with
 * pthread_create is off the loop.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <ev.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static struct ev_loop *Loop;
static ev_io ReadWatcher;
static ev_timer Tick;
static ev_idle Idle;
static ev_async Wakeup;

static void loadConfig(const char *Path) {
  FILE *F = fopen(Path, "r");
/* CHECK: libev.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
 * CHECK-NEXT: libev.c:{{[0-9]+:[0-9]+}}: note: 'testTimerCallbackReadsFile' stored by 'ev_timer_init' runs on the event loop
 * CHECK-NEXT: libev.c:[[@LINE+13]]:3: note: 'testTimerCallbackReadsFile' calls 'loadConfig' here
 */
  if (F)
    fclose(F);
/* CHECK: libev.c:[[@LINE-1]]:5: warning: blocking call to 'fclose' on the event loop
 * CHECK-NEXT: libev.c:{{[0-9]+:[0-9]+}}: note: 'testTimerCallbackReadsFile' stored by 'ev_timer_init' runs on the event loop
 * CHECK-NEXT: libev.c:[[@LINE+7]]:3: note: 'testTimerCallbackReadsFile' calls 'loadConfig' here
 */
}

static void testTimerCallbackReadsFile(struct ev_loop *L, ev_timer *W,
                                       int Events) {
  (void)L; (void)W; (void)Events;
  loadConfig("/etc/app.conf");
}

static void testIoCallbackSleeps(struct ev_loop *L, ev_io *W, int Events) {
  (void)L; (void)Events;
  char Buf[512];
  read(W->fd, Buf, sizeof Buf); /* no-warning: a socket the loop says is readable */
  usleep(1000);
/* CHECK: libev.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: libev.c:{{[0-9]+:[0-9]+}}: note: 'testIoCallbackSleeps' stored by 'ev_io_init' runs on the event loop
 */
}

static void testIdleRunsNestedLoop(struct ev_loop *L, ev_idle *W, int Events) {
  (void)W; (void)Events;
  ev_run(L, EVRUN_NOWAIT); /* no-warning: only polls */
  ev_run(L, EVRUN_ONCE);
/* CHECK: libev.c:[[@LINE-1]]:3: warning: blocking call to 'ev_run' on the event loop
 * CHECK-NEXT: libev.c:{{[0-9]+:[0-9]+}}: note: 'testIdleRunsNestedLoop' stored by 'ev_init' runs on the event loop
 */
}

static void testAsyncCallbackIsQuiet(struct ev_loop *L, ev_async *W,
                                     int Events) {
  (void)L; (void)W; (void)Events; /* no-warning: nothing blocks */
}

static void *testWorkerThreadMaySleep(void *Arg) {
  (void)Arg;
  sleep(1); /* no-warning: a thread of its own, not the loop */
  ev_async_send(Loop, &Wakeup);
  return NULL;
}

int main(void) {
  Loop = EV_DEFAULT;
  ev_io_init(&ReadWatcher, testIoCallbackSleeps, 0, EV_READ);
  ev_io_start(Loop, &ReadWatcher);
  ev_timer_init(&Tick, testTimerCallbackReadsFile, 1., 1.);
  ev_timer_start(Loop, &Tick);
  ev_init(&Idle, testIdleRunsNestedLoop);
  ev_idle_start(Loop, &Idle);
  ev_async_init(&Wakeup, testAsyncCallbackIsQuiet);
  ev_async_start(Loop, &Wakeup);
  pthread_t T;
  pthread_create(&T, NULL, testWorkerThreadMaySleep, NULL);
  ev_run(Loop, 0);
  return 0;
}
/* CHECK: stallscan: 4 findings in 1 file (1 translation units)
 * CHECK-NEXT: architecture: asynchronous: requests are served by event loops (4 handlers,
 * CHECK-NEXT: evidence: 'ev_run' runs an event loop
 * CHECK-NEXT: evidence: 4 libev handlers registered on an event loop
 * CHECK: exit-code: 1
 */
