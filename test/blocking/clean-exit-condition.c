/* `if (finishShutdown() == OK) exit(0);` on the loop: the call is the
 * process's last act when it succeeds (redis's final save on SHUTDOWN), so
 * what it blocks on runs on the way out, as on a branch that ends the
 * process. A call whose failure ends the process (`exit(1)`, abort) is an
 * ordinary call: when it succeeds the loop goes on serving.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#define _DEFAULT_SOURCE
#include <uv.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int ShutdownAsap;

static int finishShutdown(void) {
  FILE *F = fopen("/var/lib/app/dump.rdb", "w"); /* no-warning: the way out */
  if (!F)
    return -1;
  fclose(F); /* no-warning: the way out */
  return 0;
}

static int saveSnapshot(void) {
  FILE *F = fopen("/var/lib/app/snap.rdb", "w");
// CHECK: clean-exit-condition.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: note:
// CHECK-NEXT: note:
  if (!F)
    return -1;
  return 0;
}

static int checkpoint(void) {
  usleep(1000);
// CHECK: clean-exit-condition.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: note:
// CHECK-NEXT: note:
  return 0;
}

static void testCron(uv_timer_t *T) {
  (void)T;
  if (ShutdownAsap) {
    if (finishShutdown() == 0)
      exit(0);
  }
  if (saveSnapshot() != 0)
    exit(1); /* failure ends the process: success goes on serving */
  if (checkpoint() != 0)
    abort();
}

int main(void) {
  uv_loop_t *Loop = uv_default_loop();
  uv_timer_t Cron;
  uv_timer_init(Loop, &Cron);
  uv_timer_start(&Cron, testCron, 100, 100);
  return uv_run(Loop, UV_RUN_DEFAULT);
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
