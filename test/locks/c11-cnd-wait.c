// Regression test for a gap found and fixed in the same change; the notes
// below describe how the tool used to fail.
// C11 cnd_wait / cnd_timedwait wait like pthread_cond_wait, and are catalogued
// as releasing their mutex (locks.json "cv-wait", lock_arg 1), but they are
// missing from the blocking catalog (checks/catalog/blocking.json lists
// pthread_cond_wait and pthread_cond_timedwait only). Waiting while holding
// another mutex is therefore missed.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <threads.h>

static mtx_t g_queue_mu, g_stats_mu;
static cnd_t g_queue_cv;
static int g_ready;

void test_cnd_wait_with_its_own_mutex(void) {
  mtx_lock(&g_queue_mu);
  while (!g_ready)
    cnd_wait(&g_queue_cv, &g_queue_mu); // no-warning: releases g_queue_mu
  mtx_unlock(&g_queue_mu);
}

void test_cnd_wait_while_holding_another_mutex(void) {
  mtx_lock(&g_stats_mu);
  mtx_lock(&g_queue_mu);
  cnd_wait(&g_queue_cv, &g_queue_mu);
// CHECK: c11-cnd-wait.c:[[@LINE-1]]:3: warning: blocking call to 'cnd_wait' while lock 'g_stats_mu' is held
// CHECK-NEXT: c11-cnd-wait.c:[[@LINE-4]]:3: note: lock 'g_stats_mu' acquired here
  mtx_unlock(&g_queue_mu);
  mtx_unlock(&g_stats_mu);
}

int main(void) { return 0; }
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
// CHECK: exit-code: 1
