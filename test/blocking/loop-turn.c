/* One turn of an event loop in a function of its own (nginx's
 * ngx_epoll_process_events): it waits outside any loop of its own, then hands
 * the ready events to their handlers through a pointer, in a loop over them.
 * Its callers repeat it (`for (;;) process_events_and_timers()`, through the
 * event module's function pointer), so what follows the wait runs on the
 * event loop and the verdict is asynchronous with no config. A wait that is
 * followed by no such dispatch (a start-up probe, a client helper's poll
 * before its read, a dispatch before the wait), or with a zero timeout, is
 * no event loop: the sleeps after those waits are not reported.
 * RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 * RUN: %stallscan --format=json --fail-on=never %s -- %mockinc \
 * RUN:   | FileCheck %s --check-prefix=VERDICT
 */
#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

typedef struct event_s event_t;
typedef void (*event_handler_pt)(event_t *ev);
struct event_s {
  int fd;
  event_handler_pt handler;
};

typedef struct {
  int (*add)(event_t *ev);
  int (*process_events)(int timer);
} event_actions_t;

static int ep = -1;
static struct epoll_event event_list[64];
static int use_rdhup;

static int epoll_process_events(int timer) {
  int n = epoll_wait(ep, event_list, 64, timer);
  for (int i = 0; i < n; i++) {
    event_t *ev = event_list[i].data.ptr;
    ev->handler(ev);
  }
  return 0;
}

static int epoll_add(event_t *ev) {
  struct epoll_event ee = {EPOLLIN, {.ptr = ev}};
  return epoll_ctl(ep, EPOLL_CTL_ADD, ev->fd, &ee);
}

static event_actions_t epoll_actions = {epoll_add, epoll_process_events};
event_actions_t event_actions;

/* A start-up probe: it waits once and reads the result, dispatching
 * nothing. */
static void epoll_test_rdhup(void) {
  struct epoll_event ee[4];
  int n = epoll_wait(ep, ee, 4, 0);
  for (int i = 0; i < n; i++)
    if (ee[i].events & EPOLLRDHUP)
      use_rdhup = 1;
  usleep(1000); /* no-warning: a probe is no event loop */
}

void event_init(void) {
  ep = epoll_create(64);
  epoll_test_rdhup();
  event_actions = epoll_actions;
}

static void on_request(event_t *ev) {
  sleep(1);
/* CHECK: loop-turn.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop
 * CHECK-NEXT: loop-turn.c:36:11: note: 'epoll_process_events' waits in 'epoll_wait' here and then dispatches the ready events: one turn of an event loop, what follows runs on it
 * CHECK-NEXT: loop-turn.c:39:5: note: 'epoll_process_events' may call 'on_request' through 'event_s::handler' here
 */
  (void)ev;
}

void add_connection(int fd) {
  static event_t ev;
  ev.fd = fd;
  ev.handler = on_request;
  event_actions.add(&ev);
}

void process_events_and_timers(void) { event_actions.process_events(100); }

void worker_cycle(void) {
  event_init();
  for (;;)
    process_events_and_timers();
}

/* A client helper: it polls before reading, and calls a pointer on a
 * timeout, but not in a loop over ready events. */
int read_with_timeout(int fd, char *buf, int len, void (*on_timeout)(int)) {
  struct pollfd p = {fd, POLLIN, 0};
  if (poll(&p, 1, 1000) == 0)
    on_timeout(fd);
  usleep(10); /* no-warning: a client's wait */
  return (int)read(fd, buf, len);
}

/* Pending callbacks run before the wait: what follows the wait is not a
 * dispatch of what it returned. */
typedef void (*task_fn)(void);
static task_fn pending[8];
static int npending;

void flush_then_wait(int fd) {
  for (int i = 0; i < npending; i++)
    pending[i]();
  struct pollfd p = {fd, POLLOUT, 0};
  poll(&p, 1, -1);
  usleep(10); /* no-warning: nothing is dispatched after the wait */
}

/* A thread that checks its watchers between sleeps: a zero timeout waits for
 * nothing, so this is no turn of an event loop. */
typedef struct {
  int fd;
  int (*flush)(int fd);
} watcher_t;
static watcher_t watchers[4];

int poll_watchers(void) {
  struct pollfd fds[4];
  for (int i = 0; i < 4; i++)
    fds[i] = (struct pollfd){watchers[i].fd, POLLOUT, 0};
  poll(fds, 4, 0);
  for (int i = 0; i < 4; i++)
    if (fds[i].revents & POLLOUT)
      watchers[i].flush(watchers[i].fd);
  usleep(10); /* no-warning: nothing was waited for */
  return 0;
}

/* VERDICT: "architecture":
 * VERDICT: "kind": "reactor",
 * VERDICT-NEXT: "line": 36,
 * VERDICT-NEXT: "message": "'epoll_process_events' waits in 'epoll_wait' and dispatches the ready events (one turn of a hand-written reactor, repeated by its callers)"
 * VERDICT: "verdict": "asynchronous"
 */
