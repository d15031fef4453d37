// libhv runs an idle callback (hidle_add) only when no event is pending:
// on the loop, so blocking there is reported, but it is not a request entry
// point, so the log lock it takes serialises no request. The same section
// in a timer callback does. The lock is one the timer's requests take, so
// flushing under it is reported in both.
// RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <hv/hloop.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;

static void idle_flush(void) {
  pthread_mutex_lock(&log_lock); // no serialised-hot-path: idle only
  fflush(log_file);
// CHECK: libhv-idle.c:[[@LINE-1]]:3: warning: blocking call to 'fflush' on the event loop
// CHECK-NEXT: libhv-idle.c:[[@LINE+32]]:19: note: 'on_idle' passed to 'hidle_add' runs on the event loop
// CHECK-NEXT: note: 'on_idle' calls 'idle_flush' here
// CHECK: libhv-idle.c:[[@LINE-4]]:3: warning: blocking call to 'fflush' while lock 'log_lock' is held
// CHECK-NEXT: note: lock 'log_lock' acquired here
  pthread_mutex_unlock(&log_lock);
}

static void timer_flush(void) {
  pthread_mutex_lock(&log_lock);
// CHECK: libhv-idle.c:[[@LINE-1]]:3: warning: lock 'log_lock' serialises every request (a global, reached from 1 request entry point)
  fflush(log_file);
// CHECK: libhv-idle.c:[[@LINE-1]]:3: warning: blocking call to 'fflush' on the event loop
// CHECK-NEXT: note: 'on_timer' passed to 'htimer_add' runs on the event loop
// CHECK-NEXT: note: 'on_timer' calls 'timer_flush' here
// CHECK: libhv-idle.c:[[@LINE-4]]:3: warning: blocking call to 'fflush' while lock 'log_lock' is held
// CHECK-NEXT: note: lock 'log_lock' acquired here
  pthread_mutex_unlock(&log_lock);
}

static void on_idle(hidle_t *idle) {
  (void)idle;
  idle_flush();
}

static void on_timer(htimer_t *timer) {
  (void)timer;
  timer_flush();
}

static void *worker(void *arg) {
  (void)arg;
  hloop_t *loop = hloop_new(0);
  hidle_add(loop, on_idle, INFINITE);
  htimer_add(loop, on_timer, 1000, INFINITE);
  hloop_run(loop);
  return 0;
}

int main(void) {
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&threads[i], 0, worker, 0);
  for (int i = 0; i < 4; ++i)
    pthread_join(threads[i], 0);
  return 0;
}
