/* `select(0, NULL, NULL, NULL, &tv)` and `poll(NULL, 0, ms)` wait on no
 * descriptor: they are sleeps, and a loop around one is no event loop
 * (haproxy's start-up `bind_listeners` retries binding with such a select
 * between tries). A select or poll on descriptors is a reactor's wait.
 * RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <poll.h>
#include <stddef.h>
#include <sys/select.h>
#include <unistd.h>

int bind_all(void);

static int load_error_file(void) {
  return unlink("/run/haproxy.sock"); /* no-warning: start-up retries */
}

void bind_listeners(void) {
  for (int retry = 200; retry > 0; retry--) {
    if (bind_all() == 0 && load_error_file() == 0)
      break;
    struct timeval w = {0, 100000};
    select(0, NULL, NULL, NULL, &w);
  }
}

void wait_for_workers(void) {
  while (bind_all() != 0) {
    poll(NULL, 0, 100);
    usleep(10); /* no-warning: poll on no descriptor */
  }
}

void serve(int fd) {
  for (;;) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(fd, &r);
    select(fd + 1, &r, NULL, NULL, NULL);
    usleep(10);
/* CHECK: select-as-sleep.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: note: the loop in 'serve' waits in 'select' here; its body runs on the event loop
 */
  }
}
