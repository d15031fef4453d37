/* waitpid/wait4/wait3/waitid with WNOHANG only collect children that have
 * already exited (redis's sentinelCollectTerminatedScripts): no wait. Without
 * it, or with other options only, they wait for a child.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#define _DEFAULT_SOURCE
#include <uv.h>
#include <sys/resource.h>
#include <sys/wait.h>

static void testCollectChildren(uv_timer_t *T) {
  (void)T;
  int Status;
  struct rusage Usage;
  siginfo_t Info;
  while (waitpid(-1, &Status, WNOHANG) > 0) /* no-warning: WNOHANG */
    ;
  wait4(-1, &Status, WNOHANG | WUNTRACED, &Usage); /* no-warning: WNOHANG */
  wait3(&Status, WNOHANG, &Usage);                 /* no-warning: WNOHANG */
  waitid(P_ALL, 0, &Info, WEXITED | WNOHANG);      /* no-warning: WNOHANG */
  waitpid(-1, &Status, 0);
// CHECK: waitpid-nohang.c:[[@LINE-1]]:3: warning: blocking call to 'waitpid' on the event loop
// CHECK-NEXT: note:
  waitpid(-1, &Status, WUNTRACED);
// CHECK: waitpid-nohang.c:[[@LINE-1]]:3: warning: blocking call to 'waitpid' on the event loop
// CHECK-NEXT: note:
  waitid(P_ALL, 0, &Info, WEXITED);
// CHECK: waitpid-nohang.c:[[@LINE-1]]:3: warning: blocking call to 'waitid' on the event loop
// CHECK-NEXT: note:
}

int main(void) {
  uv_loop_t *Loop = uv_default_loop();
  uv_timer_t Reaper;
  uv_timer_init(Loop, &Reaper);
  uv_timer_start(&Reaper, testCollectChildren, 100, 100);
  return uv_run(Loop, UV_RUN_DEFAULT);
}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
