/* A branch of a handler that ends by stopping the program's event loop
 * (`if (--senders == 0) { write_shard(); uv_stop(loop); }`: the last sender
 * is gone, write the result and quit) is the server shutting down: what it
 * does before the stop runs once, as on a branch that ends the process.
 * Work on a path that goes on serving (before the branch, after it, on its
 * other arm), a handler whose every path stops (not a side branch), and a
 * function that runs the loop itself and stops it afterwards are still
 * facts.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#define _DEFAULT_SOURCE
#include <uv.h>
#include <stdio.h>
#include <unistd.h>

static uv_loop_t *Loop;
static int Senders = 4;

static void writeShard(void) {
  FILE *F = fopen("shard", "w"); /* no-warning: only on the way out */
  if (F)
    fclose(F);
}

static void testLastSenderGone(uv_timer_t *T) {
  (void)T;
  if (--Senders == 0) {
    writeShard();
    uv_stop(Loop);
  }
}

static void testStopOnOneArm(uv_timer_t *T) {
  (void)T;
  if (Senders < 0) {
    uv_stop(Loop);
  } else {
    usleep(1000);
// CHECK: loop-stop-branches.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: note:
  }
}

static void testWorkBeforeTheBranch(uv_timer_t *T) {
  (void)T;
  sleep(1);
// CHECK: loop-stop-branches.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: note:
  if (Senders == 0)
    uv_stop(Loop);
}

static void testEveryPathStops(uv_timer_t *T) {
  (void)T;
  FILE *F = fopen("state", "w");
// CHECK: loop-stop-branches.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: note:
  if (F)
    fclose(F);
// CHECK: loop-stop-branches.c:[[@LINE-1]]:5: warning: blocking call to 'fclose' on the event loop
// CHECK-NEXT: note:
  uv_stop(Loop);
}

static void runAndStop(void) {
  uv_timer_t T;
  uv_timer_init(Loop, &T);
  uv_timer_start(&T, testLastSenderGone, 10, 10);
  if (Senders > 0) {
    uv_run(Loop, UV_RUN_DEFAULT);
    uv_stop(Loop); /* runs the loop itself: this branch is not the loop's end */
  }
}

int main(void) {
  Loop = uv_default_loop();
  uv_timer_t A, B, C;
  uv_timer_init(Loop, &A);
  uv_timer_init(Loop, &B);
  uv_timer_init(Loop, &C);
  uv_timer_start(&A, testStopOnOneArm, 10, 10);
  uv_timer_start(&B, testWorkBeforeTheBranch, 10, 10);
  uv_timer_start(&C, testEveryPathStops, 10, 10);
  runAndStop();
  return 0;
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
