/* A blocking call guarded by a parameter of its function
 * (`if (wait && pthread_join(...))`) runs only when the caller passes a
 * non-zero value: a caller on the loop passing a constant zero (false, 0,
 * NULL, a macro or enumerator of value 0) does not reach it, directly or
 * through a helper passing its own parameter on, while a caller elsewhere
 * (main, at shutdown) may pass non-zero. A caller on the loop passing
 * non-zero or a value stallscan cannot know, a parameter the function
 * changes, and a negated guard still reach it.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#define _DEFAULT_SOURCE
#include <uv.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>

#define CRAWLER_NOWAIT false
#define CRAWLER_WAIT true
enum Mode { ModeAsync, ModeSync };

static pthread_t Crawler;
static int Busy;

static int stopNoWaitOnLoop(bool wait) {
  if (wait && pthread_join(Crawler, NULL) != 0) /* no-warning: the loop passes CRAWLER_NOWAIT */
    return -1;
  return 0;
}

static void flushThroughHelper(int sync) {
  if (sync) {
    usleep(100); /* no-warning: the loop's helper passes on its zero */
  }
}

static void helperPassesOn(int sync) { flushThroughHelper(sync); }

static void ternaryGuard(enum Mode mode) {
  mode ? usleep(100) : (void)0; /* no-warning: the loop passes ModeAsync */
}

static void neNullGuard(const char *path) {
  if (path != NULL)
    usleep(100); /* no-warning: the loop passes NULL */
}

static int stopWaitOnLoop(bool wait) {
  if (wait && pthread_join(Crawler, NULL) != 0)
// CHECK: guard-parameter.c:[[@LINE-1]]:15: warning: blocking call to 'pthread_join' on the event loop
// CHECK-NEXT: note: {{.*}}testWaitOnLoop
// CHECK-NEXT: note: 'testWaitOnLoop' calls 'stopWaitOnLoop' here
    return -1;
  return 0;
}

static void unknownValue(bool wait) {
  if (wait)
    usleep(100);
// CHECK: guard-parameter.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: note:
// CHECK-NEXT: note: 'testNoWait' calls 'unknownValue' here
}

static void changedParameter(int wait) {
  if (Busy)
    wait = 1;
  if (wait)
    usleep(100);
// CHECK: guard-parameter.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: note:
// CHECK-NEXT: note: 'testNoWait' calls 'changedParameter' here
}

static void negatedGuard(int quick) {
  if (!quick)
    usleep(100);
// CHECK: guard-parameter.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: note:
// CHECK-NEXT: note: 'testNoWait' calls 'negatedGuard' here
}

/* Reached from both handlers: through testNoWait with zero, through
 * testWaitOnLoop with true, and the trace says so. */
static void sleepIfAsked(bool wait) {
  if (wait)
    usleep(100);
// CHECK: guard-parameter.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: note: {{.*}}testWaitOnLoop
// CHECK-NEXT: note: 'testWaitOnLoop' calls 'forwardWait' here
// CHECK-NEXT: note: 'forwardWait' calls 'sleepIfAsked' here
}

static void forwardWait(bool wait) { sleepIfAsked(wait); }

static void testNoWait(uv_timer_t *T) {
  (void)T;
  stopNoWaitOnLoop(CRAWLER_NOWAIT);
  helperPassesOn(0);
  ternaryGuard(ModeAsync);
  neNullGuard(NULL);
  forwardWait(false);
  unknownValue(Busy > 0);
  changedParameter(0);
  negatedGuard(0);
}

static void testWaitOnLoop(uv_timer_t *T) {
  (void)T;
  stopWaitOnLoop(CRAWLER_WAIT);
  forwardWait(true);
}

int main(void) {
  uv_loop_t *Loop = uv_default_loop();
  uv_timer_t Cron;
  uv_timer_t Wake;
  uv_timer_init(Loop, &Cron);
  uv_timer_start(&Cron, testNoWait, 100, 100);
  uv_timer_init(Loop, &Wake);
  uv_timer_start(&Wake, testWaitOnLoop, 100, 0);
  int Status = uv_run(Loop, UV_RUN_DEFAULT);
  stopNoWaitOnLoop(CRAWLER_WAIT); /* shutdown, off the loop */
  flushThroughHelper(ModeSync);
  return Status;
}
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
