// libhv runs an idle callback (hidle_add) only when no event is pending:
// on the loop, so blocking there is reported, but it is not a request entry
// point, so the log lock it takes serialises no request (nor does a timer's
// tick, test/locks/hot-path-cold-paths.c). The same section in a read
// callback does. The lock is one the reader's requests take, so flushing
// under it is reported in both.
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
// CHECK-NEXT: libhv-idle.c:[[@LINE+34]]:19: note: 'on_idle' passed to 'hidle_add' runs on the event loop
// CHECK-NEXT: note: 'on_idle' calls 'idle_flush' here
// CHECK: libhv-idle.c:[[@LINE-4]]:3: warning: blocking call to 'fflush' while lock 'log_lock' is held
// CHECK-NEXT: note: lock 'log_lock' acquired here
  pthread_mutex_unlock(&log_lock);
}

static void read_flush(void) {
  pthread_mutex_lock(&log_lock);
// CHECK: libhv-idle.c:[[@LINE-1]]:3: warning: lock 'log_lock' serialises every request (a global, reached from 1 request entry point)
  fflush(log_file);
// CHECK: libhv-idle.c:[[@LINE-1]]:3: warning: blocking call to 'fflush' on the event loop
// CHECK-NEXT: note: 'on_read' passed to 'hio_setcb_read' runs on the event loop
// CHECK-NEXT: note: 'on_read' calls 'read_flush' here
// CHECK: libhv-idle.c:[[@LINE-4]]:3: warning: blocking call to 'fflush' while lock 'log_lock' is held
// CHECK-NEXT: note: lock 'log_lock' acquired here
  pthread_mutex_unlock(&log_lock);
}

static void on_idle(hidle_t *idle) {
  (void)idle;
  idle_flush();
}

static void on_read(hio_t *io, void *buf, int readbytes) {
  (void)io;
  (void)buf;
  (void)readbytes;
  read_flush();
}

static void *worker(void *arg) {
  (void)arg;
  hloop_t *loop = hloop_new(0);
  hidle_add(loop, on_idle, INFINITE);
  hio_t *io = haccept(loop, 3, 0);
  hio_setcb_read(io, on_read);
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
