/* An offload whose catalog entry says "at_exit": true (atexit,
 * at_quick_exit in checks/catalog/contexts.json; here a program's own
 * `app_on_exit`, taught in the config) runs its function when the process
 * exits: on the way out, not a thread that serves beside the requests, so
 * blocking there under a lock the requests take stalls nobody. The same
 * function started as a thread (`app_spawn`, an offload without the flag)
 * holds the lock while the requests run: reported.
 * RUN: echo '{"catalog": {"offloads": [{"names": ["app_on_exit"], "handlers": [0], "thread": true, "at_exit": true}, {"names": ["app_spawn"], "handlers": [0], "thread": true}]}}' > %t.json
 * RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-lock-held-while-blocking --config-file %t.json %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <pthread.h>
#include <stdio.h>

void app_on_exit(void (*Fn)(void));
void app_spawn(void (*Fn)(void));

static pthread_mutex_t StatsLock = PTHREAD_MUTEX_INITIALIZER;
static long Hits;

static void flush_at_exit(void) {
  pthread_mutex_lock(&StatsLock);
  FILE *F = fopen("/var/lib/app/stats", "w"); /* no-warning: on the way out */
  fprintf(F, "%ld\n", Hits);                  /* no-warning */
  fclose(F);                                  /* no-warning */
  pthread_mutex_unlock(&StatsLock);
}

static void flush_in_thread(void) {
  pthread_mutex_lock(&StatsLock);
  FILE *F = fopen("/var/lib/app/stats.live", "w");
/* CHECK: at-exit-offload.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' while lock 'StatsLock' is held
 * CHECK-NEXT: note: lock 'StatsLock' acquired here
 */
  fclose(F);
/* CHECK: at-exit-offload.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'StatsLock' is held
 * CHECK-NEXT: note: lock 'StatsLock' acquired here
 */
  pthread_mutex_unlock(&StatsLock);
}

static void onRequest(evutil_socket_t Fd, short What, void *Arg) {
  pthread_mutex_lock(&StatsLock);
  ++Hits;
  pthread_mutex_unlock(&StatsLock);
}

int main(void) {
  app_on_exit(flush_at_exit);
  app_spawn(flush_in_thread);
  struct event_base *Base = event_base_new();
  struct event *Ev = event_new(Base, 0, 0, onRequest, NULL);
  event_add(Ev, NULL);
  event_base_loop(Base, 0);
  return 0;
}
