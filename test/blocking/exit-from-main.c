/* A function that ends the process on every path is called on the way out:
 * from a loop root, its blocking calls are not reported. `main` is the
 * exception, whose whole run may be `serve(); exit(0);`: what it calls is
 * its work, so when the config says `main` runs on the event loop, a
 * function it calls that ends the process is still followed.
 * RUN: echo '{"event_loop_functions": ["main", "on_*"]}' > %t.json
 * RUN: %exitcode %stallscan --no-snippets --config %t.json %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <stdlib.h>
#include <unistd.h>

static void finish_and_exit(int code) {
  unlink("/run/server.pid"); /* no-warning: from on_quit, on the way out */
  if (code)
    abort();
  exit(0);
}

static void serve_then_exit(void) {
  usleep(100);
/* CHECK: exit-from-main.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: note: 'main' matches the event-loop pattern 'main' from the config
 * CHECK-NEXT: note: 'main' calls 'serve_then_exit' here
 */
  exit(0);
}

void on_quit(void) { finish_and_exit(0); }

int main(void) {
  serve_then_exit();
  return 0;
}
