/* The start handshake (thread-start-handshake.c) knows which calls wake a
 * waiter from the lock catalog's "signal" operation (checks/catalog/
 * locks.json: pthread_cond_signal, sem_post...), so a program's own event
 * object is taught in the config alone: a thread whose body first calls
 * `evt_set(&Started)` (a "signal") lets the wait for its start go; one that
 * first calls `evt_touch`, which the config does not call a signal, is
 * waited for like any work. evt_set locks nothing.
 * RUN: echo '{"catalog": {"blocking": [{"names": ["evt_wait"], "kind": "sync-wait"}], "locks": [{"op": "signal", "names": ["evt_set"]}]}}' > %t.json
 * RUN: %exitcode %stallscan --no-snippets --config-file %t.json %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <pthread.h>
#include <uv.h>

struct evt {
  int Set;
};
void evt_set(struct evt *E);
void evt_touch(struct evt *E);
void evt_wait(struct evt *E);

static struct evt Started, Ready;
static volatile int Running = 1;
static long Work;

static void *crawler(void *Arg) {
  (void)Arg;
  evt_set(&Started); /* first: the caller may go on */
  while (Running)
    ++Work;
  return 0;
}

static void *toucher(void *Arg) {
  (void)Arg;
  evt_touch(&Ready); /* not a signal the catalog knows */
  while (Running)
    ++Work;
  return 0;
}

static pthread_t CrawlerTid, TouchTid;

static void testTaughtSignal(void) {
  pthread_create(&CrawlerTid, 0, crawler, 0);
  evt_wait(&Started); /* no-warning: the thread's start */
}

static void testNotASignal(void) {
  pthread_create(&TouchTid, 0, toucher, 0);
  evt_wait(&Ready);
// CHECK: thread-start-handshake-config.c:[[@LINE-1]]:3: warning: blocking call to 'evt_wait' on the event loop
// CHECK-NEXT: note:
// CHECK-NEXT: note:
}

static void on_command(uv_timer_t *T) {
  (void)T;
  testTaughtSignal();
  testNotASignal();
}

int main(void) {
  uv_timer_t Timer;
  uv_timer_init(uv_default_loop(), &Timer);
  uv_timer_start(&Timer, on_command, 10, 10);
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
