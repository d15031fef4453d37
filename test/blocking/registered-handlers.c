/* A handler handed to a function that only stores it (lighttpd's
 * `fdevent_register(ev, fd, connection_handle_fdevent, con)` storing it in
 * `fdn->handler`) is in that field: the reactor's call through the field
 * reaches it, as it reaches a function stored there by name. A function
 * stored by another registrar in another field is not reached from there,
 * and one stored in a global (a hook set once, such as an out-of-memory
 * handler) is not joined to the calls through that global.
 * RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <sys/epoll.h>
#include <unistd.h>

typedef int (*fdevent_handler)(void *ctx, int revents);
typedef struct fdnode {
  fdevent_handler handler;
  void *ctx;
  int fd;
} fdnode;
typedef struct {
  void (*on_exit)(void);
} exit_hook;

static fdnode nodes[64];
static exit_hook hooks[4];
static int ep;

fdnode *fdevent_register(int fd, fdevent_handler handler, void *ctx) {
  fdnode *fdn = &nodes[fd];
  fdn->handler = handler;
  fdn->ctx = ctx;
  fdn->fd = fd;
  return fdn;
}

void add_exit_hook(int i, void (*fn)(void)) { hooks[i].on_exit = fn; }

static void (*oom_hook)(void);
void set_oom_hook(void (*fn)(void)) { oom_hook = fn; }

int fdevent_poll(int timeout_ms) {
  struct epoll_event evs[64];
  int n = epoll_wait(ep, evs, 64, timeout_ms);
  for (int i = 0; i < n; ++i) {
    fdnode *fdn = evs[i].data.ptr;
    (*fdn->handler)(fdn->ctx, (int)evs[i].events);
  }
  return n;
}

static int connection_handle_fdevent(void *ctx, int revents) {
  if (!ctx && oom_hook)
    oom_hook();
  usleep(100);
/* CHECK: registered-handlers.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: note: 'fdevent_poll' waits in 'epoll_wait' here and then dispatches the ready events: one turn of an event loop, what follows runs on it
 * CHECK-NEXT: note: 'fdevent_poll' may call 'connection_handle_fdevent' through 'fdnode::handler' here
 */
  (void)ctx;
  return revents;
}

static void flush_logs(void) { sleep(1); /* no-warning: another field */ }
static void report_oom(void) { sleep(1); /* no-warning: a global hook */ }

void server_init(int listen_fd) {
  fdevent_register(listen_fd, connection_handle_fdevent, 0);
  add_exit_hook(0, flush_logs);
  set_oom_hook(report_oom);
}

void server_main_loop(void) {
  for (;;)
    fdevent_poll(1000);
}
