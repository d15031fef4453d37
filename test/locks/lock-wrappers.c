// A C server's own lock helpers are recognised through their bodies, without
// configuration: a function that holds a lock it was given (a mutex pointer,
// the lock member of a struct it points to) or a global on every normal exit
// acquires it for its caller; one that releases such a lock releases it; one
// that returns a try-lock's result is a try-lock. The lock is mapped onto the
// call's argument: stats_lock(&g_stats) takes g_stats.mu.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 -I%S/Inputs \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include "lock-wrappers.h"
#include <stdbool.h>
#include <unistd.h>

static struct stats g_stats = {PTHREAD_MUTEX_INITIALIZER, 0};
static pthread_mutex_t g_log_mu = PTHREAD_MUTEX_INITIALIZER;

void stats_lock(struct stats *s) { pthread_mutex_lock(&s->mu); }
void stats_unlock(struct stats *s) { pthread_mutex_unlock(&s->mu); }
int stats_trylock(struct stats *s) { return pthread_mutex_trylock(&s->mu); }
bool stats_try(struct stats *s) { return pthread_mutex_trylock(&s->mu) == 0; }
/* A wrapper of a wrapper, passing its own parameter on. */
void stats_lock_again(struct stats *s) { stats_lock(s); }
/* A wrapper of a wrapper around a global. */
void big_lock(void) { stats_lock(&g_stats); }
void big_unlock(void) { stats_unlock(&g_stats); }
void log_lock(void) { pthread_mutex_lock(&g_log_mu); }
void log_unlock(void) { pthread_mutex_unlock(&g_log_mu); }

/* Not wrappers. */
void stats_bump(struct stats *s) {
  pthread_mutex_lock(&s->mu);
  s->hits++;
  pthread_mutex_unlock(&s->mu);
}
void stats_maybe_lock(struct stats *s, int want) {
  if (want)
    pthread_mutex_lock(&s->mu);
}

void test_struct_member_wrapper(void) {
  stats_lock(&g_stats);
  sleep(1);
// CHECK: lock-wrappers.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'g_stats.mu' is held
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:3: note: lock 'g_stats.mu' acquired here
  stats_unlock(&g_stats);
  usleep(1); // no-warning: released by the wrapper
}

void test_header_inline_wrapper(void) {
  mutex_lock_or_die(&g_log_mu);
  usleep(1);
// CHECK: lock-wrappers.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'g_log_mu' is held
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:3: note: lock 'g_log_mu' acquired here
  mutex_unlock_or_die(&g_log_mu);
  usleep(2); // no-warning: released
}

void test_wrapper_of_wrapper(void) {
  stats_lock_again(&g_stats);
  sleep(1);
// CHECK: lock-wrappers.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'g_stats.mu' is held
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:3: note: lock 'g_stats.mu' acquired here
  stats_unlock(&g_stats);
}

void test_global_wrappers(void) {
  big_lock();
  sleep(1);
// CHECK: lock-wrappers.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'g_stats.mu' is held
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:3: note: lock 'g_stats.mu' acquired here
  big_unlock();
  log_lock();
  usleep(1);
// CHECK: lock-wrappers.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'g_log_mu' is held
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:3: note: lock 'g_log_mu' acquired here
  log_unlock();
  sleep(2); // no-warning: both released
}

void test_try_wrappers(void) {
  if (stats_trylock(&g_stats) == 0) {
    sleep(1);
// CHECK: lock-wrappers.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'g_stats.mu' is held
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:7: note: lock 'g_stats.mu' acquired here
    stats_unlock(&g_stats);
  } else {
    usleep(1); // no-warning: busy
  }
  if (stats_try(&g_stats)) {
    usleep(2);
// CHECK: lock-wrappers.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'g_stats.mu' is held
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:7: note: lock 'g_stats.mu' acquired here
    stats_unlock(&g_stats);
  } else {
    usleep(3); // no-warning: busy
  }
}

void test_lock_and_unlock_inside_is_not_a_wrapper(void) {
  stats_bump(&g_stats);
  sleep(1); // no-warning: stats_bump released what it took
}

void test_lock_on_one_branch_is_not_a_wrapper(void) {
  stats_maybe_lock(&g_stats, 1);
  sleep(1); // no-warning: not locked on every path through the helper
}

void test_local_struct_member(struct stats *mine) {
  stats_lock(mine);
  sleep(1);
// CHECK: lock-wrappers.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'mine->mu' is held
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:3: note: lock 'mine->mu' acquired here
  stats_unlock(mine);
  usleep(1); // no-warning: released
}

int main(void) { return 0; }
// CHECK: stallscan: 8 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
