// Stands for a generated source of target 'server' (moc's, protoc's),
// written into and compiled from the build folder.
#include <uv.h>

static void onTick(uv_timer_t *) {}

void startLoop() {
  uv_loop_t *Loop = uv_default_loop();
  static uv_timer_t Timer;
  uv_timer_init(Loop, &Timer);
  uv_timer_start(&Timer, onTick, 100, 100);
  uv_run(Loop, UV_RUN_DEFAULT);
}
