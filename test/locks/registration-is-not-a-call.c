/* A function passed to one of the program's own registration functions,
 * which only stores it into a field or a global (and tests it for null),
 * is registered there, not called (StoredParamFact): code reached while a
 * lock is held that registers a callback does not run the callback under
 * the lock. For the event loop the registration still counts: a handler
 * registered from the loop runs on the loop, and a call through the field
 * it went into reaches it (the loop's `c->on_read(c)`). A function that calls its
 * parameter, or stores it and calls it too, still runs its argument there.
 * (libhv's hio_add(io, hio_handle_events, ...) under the logger's lock.)
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <pthread.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <unistd.h>

struct conn;
typedef void (*conn_cb)(struct conn *);
struct conn {
  int fd;
  conn_cb on_read;
};
typedef void (*hook_fn)(void);

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static hook_fn g_shutdown_hook;

/* Only stores its callback: a registration of the program's own. */
void conn_set_read_cb(struct conn *c, conn_cb cb) {
  if (cb)
    c->on_read = cb;
}
void set_shutdown_hook(hook_fn f) {
  if (f != NULL)
    g_shutdown_hook = f;
}
/* Calls its callback before returning. */
void conn_call_now(struct conn *c, conn_cb cb) { cb(c); }
/* Stores it and calls it once now. */
void conn_set_and_prime(struct conn *c, conn_cb cb) {
  c->on_read = cb;
  cb(c);
}

static void on_readable_sleeps(struct conn *c) {
  (void)c;
  usleep(100); /* on the loop only: registered under the lock, not run there */
/* CHECK: registration-is-not-a-call.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: registration-is-not-a-call.c:{{[0-9]+}}:{{[0-9]+}}: note: the loop in 'serve' waits in 'epoll_wait' here; its body runs on the event loop
 * CHECK-NEXT: registration-is-not-a-call.c:{{[0-9]+}}:{{[0-9]+}}: note: 'serve' may call 'on_readable_sleeps' through 'conn::on_read' here
 */
}

static void flush_on_shutdown(void) {
  sleep(1); /* no-warning: stored as a hook, never run under the lock */
}

static void handler_called_now(struct conn *c) {
  (void)c;
  sleep(2);
/* CHECK: registration-is-not-a-call.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'g_lock' is held
 * CHECK-NEXT: registration-is-not-a-call.c:{{[0-9]+}}:3: note: lock 'g_lock' acquired here
 * CHECK-NEXT: registration-is-not-a-call.c:{{[0-9]+}}:3: note: 'testRegistrarsUnderLock' calls 'start_now' here
 * CHECK-NEXT: registration-is-not-a-call.c:{{[0-9]+}}:58: note: 'start_now' calls 'handler_called_now' here
 */
}

static void handler_primed(struct conn *c) {
  (void)c;
  sleep(3);
/* CHECK: registration-is-not-a-call.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'g_lock' is held
 * CHECK-NEXT: registration-is-not-a-call.c:{{[0-9]+}}:3: note: lock 'g_lock' acquired here
 * CHECK-NEXT: registration-is-not-a-call.c:{{[0-9]+}}:3: note: 'testRegistrarsUnderLock' calls 'start_primed' here
 * CHECK-NEXT: registration-is-not-a-call.c:{{[0-9]+}}:25: note: 'start_primed' calls 'handler_primed' here
 */
}

static void start_reading(struct conn *c) {
  conn_set_read_cb(c, on_readable_sleeps); /* registers */
}
static void start_now(struct conn *c) { conn_call_now(c, handler_called_now); }
static void start_primed(struct conn *c) {
  conn_set_and_prime(c, handler_primed);
}

void testRegistrarsUnderLock(struct conn *c) {
  pthread_mutex_lock(&g_lock);
  start_reading(c);
  set_shutdown_hook(flush_on_shutdown); /* registers */
  start_now(c);
  start_primed(c);
  pthread_mutex_unlock(&g_lock);
}

void serve(int ep, struct conn *conns) {
  struct epoll_event evs[64];
  for (;;) {
    int n = epoll_wait(ep, evs, 64, -1);
    for (int i = 0; i < n; ++i) {
      struct conn *c = &conns[evs[i].data.fd];
      if (!c->on_read)
        start_reading(c); /* a new connection: register its handler */
      c->on_read(c);
    }
  }
}

int main(void) { return 0; }
/* CHECK: stallscan: 3 findings in 1 file (1 translation units)
 * CHECK: exit-code: 1
 */
