/* stallscan-serialised-hot-path: a pointer local written only by its
 * initialisation points where its initialiser points, so a lock reached
 * through it is the lock of that object: a C library's engine kept behind a
 * `void *` handle and cast into a typed local in every entry function is one
 * engine for the whole program when the program passes its one global
 * handle. A pointer local assigned again (walking a list) may point
 * anywhere: not named, not reported.
 * RUN: %exitcode %stallscan --no-snippets %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <pthread.h>
#include <stdlib.h>

typedef struct page {
  struct page *next;
  pthread_mutex_t mutex;
  int objects;
} page;

typedef struct {
  pthread_mutex_t mutex;
  page *buckets[16];
  long reclaimed;
} engine;

void *the_engine; /* the program's engine, opened at start-up */
page head, spare;  /* a list of pages starting at a global one */

/* Called with the engine through a typed parameter. */
static void free_page(engine *e, page *p) {
  pthread_mutex_lock(&e->mutex);
/* CHECK: hot-path-object-pointer-local.c:[[@LINE-1]]:3: warning: lock 'the_engine->mutex' serialises every request (a member of a global object, reached from 2 request entry points); {{.*}} [stallscan-serialised-hot-path]
 */
  for (page **at = &e->buckets[p->objects % 16]; *at; at = &(*at)->next)
    if (*at == p) {
      *at = p->next;
      break;
    }
  e->reclaimed++;
  pthread_mutex_unlock(&e->mutex);
}

/* The library's entry: the handle cast into a local once. */
int engine_delete(void *handle, page *p) {
  engine *e = (engine *)handle;
  if (--p->objects == 0)
    free_page(e, p);
  return 0;
}

/* A pointer local assigned again points at one page after another: the
 * page's own lock, not one lock for every request. */
static int count_busy(page *first) {
  int busy = 0;
  page *p = first;
  while (p) {
    pthread_mutex_lock(&p->mutex); /* no-warning: whichever page p is now */
    for (int i = 0; i < p->objects; ++i)
      busy += i & 1;
    busy += p->objects;
    pthread_mutex_unlock(&p->mutex);
    p = p->next;
  }
  return busy;
}

/* A pointer local whose address is handed out may be rewritten there. */
static void pick(page **out) { *out = NULL; }
static int first_busy(void) {
  page *p = &spare;
  pick(&p);
  if (!p)
    return 0;
  pthread_mutex_lock(&p->mutex); /* no-warning: p may point anywhere now */
  for (int i = 0; i < p->objects; ++i)
    p->objects -= i & 1;
  p->objects++;
  p->objects--;
  pthread_mutex_unlock(&p->mutex);
  return p->objects;
}

static void onRead(evutil_socket_t fd, short what, void *arg) {
  page *p = (page *)arg;
  engine_delete(the_engine, p);
  count_busy(&head);
  first_busy();
}

static void onExpire(evutil_socket_t fd, short what, void *arg) {
  engine_delete(the_engine, (page *)arg);
  count_busy(&head);
  first_busy();
}

int main(void) {
  the_engine = calloc(1, sizeof(engine));
  struct event_base *base = event_base_new();
  event_add(event_new(base, 0, 0, onRead, NULL), NULL);
  event_add(event_new(base, 0, 0, onExpire, NULL), NULL);
  event_base_dispatch(base);
  return 0;
}
