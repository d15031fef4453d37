/* C names many structs only by a typedef (`typedef struct { ... }
 * ngx_cache_manager_ctx_t;`). A function-pointer field of such a struct is
 * that typedef's field: a call through one struct's `handler` reaches what
 * was stored in that struct's `handler`, not what another anonymous struct's
 * `handler` holds (nginx's cache loader, run in a process of its own, was
 * reached from the event loop through a `handler` of another struct). A
 * struct with neither a tag nor a typedef keeps one name for all of them.
 * RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <dirent.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

typedef struct {
  void (*handler)(int fd);
} conn_ops_t;

typedef struct {
  void (*handler)(void);
  const char *path;
} loader_ctx_t;

static void on_readable(int fd) {
  usleep(100);
/* CHECK: anonymous-struct-fields.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: note: the loop in 'run' waits in 'poll' here; its body runs on the event loop
 * CHECK-NEXT: note: 'run' may call 'on_readable' through 'conn_ops_t::handler' here
 */
  (void)fd;
}

static void load_cache(void) {
  DIR *D = opendir("/var/cache/app"); /* no-warning: the loader's thread */
  if (D)
    closedir(D);
}

static conn_ops_t conn_ops = {on_readable};
static loader_ctx_t loader = {load_cache, "/var/cache/app"};

static void *loader_thread(void *arg) {
  loader_ctx_t *ctx = arg;
  ctx->handler();
  return 0;
}

void start_loader(void) {
  pthread_t t;
  pthread_create(&t, 0, loader_thread, &loader);
}

void run(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  for (;;) {
    poll(&p, 1, -1);
    conn_ops.handler(fd);
  }
}
