/* The plugin in a C compile (libuv callbacks), checked with -verify; and a
 * config's severity "error" makes that check an error in the compile.
 * RUN: %clangc -fplugin=%plugin-so -std=c11 %mockinc -fsyntax-only -Xclang -verify %s
 * RUN: rm -rf %t && mkdir -p %t
 * RUN: echo '{"severities": {"stallscan-blocking-in-event-loop": "error"}}' > %t/config.json
 * RUN: not %clangc -fplugin=%plugin-so -fplugin-arg-stallscan-config=%t/config.json \
 * RUN:   -std=c11 %mockinc -fsyntax-only %s 2>&1 | FileCheck %s
 * CHECK: verify-c.c:{{[0-9]+}}:3: error: blocking call to 'usleep' on the event loop{{.*}} [stallscan-blocking-in-event-loop]
 * CHECK: 1 error generated.
 */
#define _DEFAULT_SOURCE /* usleep under -std=c11 */
#include <uv.h>
#include <unistd.h>

static void work(uv_work_t *Req) {
  (void)Req;
  usleep(100); /* on the thread pool: quiet */
}

static void afterWork(uv_work_t *Req, int Status) {
  (void)Req;
  (void)Status;
}

static void onTimer(uv_timer_t *T) {
  (void)T;
  usleep(100); // expected-warning {{blocking call to 'usleep' on the event loop}}
}

int main(void) {
  static uv_timer_t Timer;
  static uv_work_t Work;
  uv_loop_t *Loop = uv_default_loop();
  uv_timer_init(Loop, &Timer);
  uv_timer_start(&Timer, onTimer, 10, 10); // expected-note {{'onTimer' passed to 'uv_timer_start' runs on the event loop}}
  uv_queue_work(Loop, &Work, work, afterWork);
  return uv_run(Loop, UV_RUN_DEFAULT);
}
