#define _DEFAULT_SOURCE
#include <uv.h>
#include <unistd.h>
#include "helper.h"

static void onTimer(uv_timer_t *t) {
  (void)t;
  helperSleeps(); /* no-warning here: the call blocks in helper.h, a file of this TU */
  usleep(10);
}

int main(void) {
  uv_loop_t *loop = uv_default_loop();
  uv_timer_t timer;
  uv_timer_init(loop, &timer);
  uv_timer_start(&timer, onTimer, 0, 0);
  return uv_run(loop, UV_RUN_DEFAULT);
}
