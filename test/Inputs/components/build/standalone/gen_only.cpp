// A generated source whose target has no source outside the build folder:
// nothing to join, it stays a component of its own.
#include <uv.h>

static void onTick(uv_timer_t *) {}

int main() {
  static uv_timer_t Timer;
  uv_timer_init(uv_default_loop(), &Timer);
  uv_timer_start(&Timer, onTick, 0, 1000);
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
