// Regression test for a gap found and fixed in the same change; the notes
// below describe how the tool used to fail.
// Compiler builtins are not "calls into the program's own functions", but
// stallscan counts them as such: the extractor's IsUserCall test is "the
// callee is not declared in a system header", and Clang declares a builtin
// lazily at its first use, here in this file. A counter bump behind the usual
// unlikely() macro (__builtin_expect), or with __builtin_popcount, under a
// global mutex in a thread body is thus reported as a serialised hot path
// with a user call. (In C++ the same happens whenever no system header used
// the builtin first, and for every co_await under a global lock through
// __builtin_coro_frame in the expansion.) Expected: no finding.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <pthread.h>

#define unlikely(x) __builtin_expect(!!(x), 0)

static pthread_mutex_t g_stats_mu = PTHREAD_MUTEX_INITIALIZER;
static long g_errors, g_flags;

static void test_counter_bump_behind_unlikely(int status) {
  pthread_mutex_lock(&g_stats_mu); // no-warning: a counter bump
  if (unlikely(status != 0))
    ++g_errors;
  pthread_mutex_unlock(&g_stats_mu);
}

static void test_counter_bump_with_popcount(unsigned flags) {
  pthread_mutex_lock(&g_stats_mu); // no-warning: a counter bump
  g_flags += __builtin_popcount(flags);
  pthread_mutex_unlock(&g_stats_mu);
}

static void *worker(void *arg) {
  test_counter_bump_behind_unlikely((int)(long)arg);
  test_counter_bump_with_popcount(3);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, (void *)1);
  pthread_join(t, 0);
  return 0;
}
// CHECK: stallscan: 0 findings in 0 files (1 translation units)
// CHECK: exit-code: 0
