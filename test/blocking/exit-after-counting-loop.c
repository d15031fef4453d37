/* A function that ends the process after a loop that counts (nginx's
 * ngx_master_process_exit: `for (i = 0; modules[i]; i++)` calling each
 * module's exit hook, then `exit(0)`) ends it on every path: a loop that
 * counts ends. What it does is done on the way out, and not reported on the
 * event loop. A loop that may run for ever before the exit (`while (!quit)`,
 * `for (;;)` left by a break), or a counting loop with a way to return,
 * keeps the function in service: their sleeps are reported.
 * RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
  void (*exit_process)(void);
} module_t;
extern module_t *modules[];

static void master_exit(void) {
  unlink("/run/server.pid"); /* no-warning: on the way out */
  for (int i = 0; modules[i]; i++)
    if (modules[i]->exit_process)
      modules[i]->exit_process();
  exit(0);
}

static volatile int quit;

static void drain_then_exit(void) {
  while (!quit)
    usleep(1000);
/* CHECK: exit-after-counting-loop.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: note: the loop in 'run' waits in 'poll' here; its body runs on the event loop
 * CHECK-NEXT: note: 'run' calls 'on_command' here
 * CHECK-NEXT: note: 'on_command' calls 'drain_then_exit' here
 */
  exit(0);
}

static void wait_then_exit(void) {
  for (;;) {
    if (quit)
      break;
    usleep(1000);
/* CHECK: exit-after-counting-loop.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: note: the loop in 'run' waits in 'poll' here; its body runs on the event loop
 * CHECK-NEXT: note: 'run' calls 'on_command' here
 * CHECK-NEXT: note: 'on_command' calls 'wait_then_exit' here
 */
  }
  exit(0);
}

static void exit_unless_busy(void) {
  for (int i = 0; modules[i]; i++)
    if (!modules[i]->exit_process) {
      usleep(1000);
/* CHECK: exit-after-counting-loop.c:[[@LINE-1]]:7: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: note: the loop in 'run' waits in 'poll' here; its body runs on the event loop
 * CHECK-NEXT: note: 'run' calls 'on_command' here
 * CHECK-NEXT: note: 'on_command' calls 'exit_unless_busy' here
 */
      return;
    }
  exit(0);
}

static void on_command(char cmd) {
  if (cmd == 'q')
    master_exit();
  else if (cmd == 'd')
    drain_then_exit();
  else if (cmd == 'w')
    wait_then_exit();
  else if (cmd == 'b')
    exit_unless_busy();
}

void run(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  for (;;) {
    poll(&p, 1, -1);
    char c;
    if (read(fd, &c, 1) == 1)
      on_command(c);
  }
}
