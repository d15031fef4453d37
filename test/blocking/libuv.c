/* libuv callbacks are loop roots: read, timer, fs and after-work callbacks.
 * uv_queue_work's work callback runs on the libuv thread pool; uv_fs_* with a
 * NULL callback runs synchronously; uv_run(UV_RUN_NOWAIT) only polls.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#define _DEFAULT_SOURCE /* usleep under -std=c11 */
#include <uv.h>
#include <stdio.h>
#include <unistd.h>

static uv_loop_t *Loop;
static uv_fs_t OpenReq, WriteReq;

static void allocBuffer(uv_handle_t *H, size_t Size, uv_buf_t *Buf) {
  static char Storage[4096];
  (void)H;
  (void)Size;
  Buf->base = Storage;
  Buf->len = sizeof Storage;
}

static void onFsWrite(uv_fs_t *Req) { uv_fs_req_cleanup(Req); }

static void testFileWriteInReadCallback(uv_stream_t *Stream, long N,
                                        const uv_buf_t *Buf) {
  (void)Stream;
  FILE *Log = fopen("/tmp/uv.log", "a");
// CHECK: libuv.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' on the event loop; move file I/O to a worker pool or use async file I/O (uv_fs_* with a callback, io_uring) [stallscan-blocking-in-event-loop]
// CHECK-NEXT: libuv.c:[[@LINE+26]]:56: note: 'testFileWriteInReadCallback' passed to 'uv_read_start' runs on the event loop
  fwrite(Buf->base, 1, (size_t)N, Log);
// CHECK: libuv.c:[[@LINE-1]]:3: warning: blocking call to 'fwrite' on the event loop
// CHECK-NEXT: libuv.c:[[@LINE+23]]:56: note: 'testFileWriteInReadCallback' passed to 'uv_read_start' runs on the event loop
  fwrite(Buf->base, 1, (size_t)N, stdout); /* no-warning: console output */
  fprintf(stderr, "read %ld bytes\n", N);  /* no-warning: console logging */
  fclose(Log);
// CHECK: libuv.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
// CHECK-NEXT: libuv.c:[[@LINE+18]]:56: note: 'testFileWriteInReadCallback' passed to 'uv_read_start' runs on the event loop

  uv_fs_open(Loop, &OpenReq, "/tmp/data", 0, 0, NULL);
// CHECK: libuv.c:[[@LINE-1]]:3: warning: blocking call to 'uv_fs_open' on the event loop; pass a callback to make the libuv file operation asynchronous
// CHECK-NEXT: libuv.c:[[@LINE+14]]:56: note: 'testFileWriteInReadCallback' passed to 'uv_read_start' runs on the event loop
  uv_fs_write(Loop, &WriteReq, 3, Buf, 1, -1, onFsWrite); /* no-warning: async, has a callback */
}

static void testQueueWorkWorkCallback(uv_work_t *Req) {
  (void)Req;
  sleep(1); /* no-warning: runs on the libuv thread pool */
}

static void onConnection(uv_stream_t *Server, int Status) {
  static uv_tcp_t Client;
  (void)Status;
  uv_tcp_init(Loop, &Client);
  if (uv_accept(Server, (uv_stream_t *)&Client) == 0)
    uv_read_start((uv_stream_t *)&Client, allocBuffer, testFileWriteInReadCallback);
}

static void testQueueWorkAfterCallback(uv_work_t *Req, int Status) {
  (void)Req;
  (void)Status;
  sleep(1);
// CHECK: libuv.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: libuv.c:[[@LINE+26]]:57: note: 'testQueueWorkAfterCallback' passed to 'uv_queue_work' runs on the event loop
}

static void testSleepInTimerCallback(uv_timer_t *T) {
  (void)T;
  usleep(1000);
// CHECK: libuv.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop; use a timer
// CHECK-NEXT: libuv.c:[[@LINE+21]]:26: note: 'testSleepInTimerCallback' passed to 'uv_timer_start' runs on the event loop
}

static void testNestedLoopInCallback(uv_timer_t *T) {
  (void)T;
  uv_run(Loop, UV_RUN_NOWAIT); /* no-warning: polls once and returns */
  uv_run(Loop, UV_RUN_DEFAULT);
// CHECK: libuv.c:[[@LINE-1]]:3: warning: blocking call to 'uv_run' on the event loop; do not run an event loop from inside one of its handlers
// CHECK-NEXT: libuv.c:[[@LINE+15]]:27: note: 'testNestedLoopInCallback' passed to 'uv_timer_start' runs on the event loop
}

int main(void) {
  static uv_tcp_t Server;
  static uv_timer_t Timer, Nested;
  static uv_work_t Work;
  Loop = uv_default_loop();
  usleep(100); /* no-warning: before the loop runs */
  uv_tcp_init(Loop, &Server);
  uv_listen((uv_stream_t *)&Server, 128, onConnection);
  uv_queue_work(Loop, &Work, testQueueWorkWorkCallback, testQueueWorkAfterCallback);
  uv_timer_init(Loop, &Timer);
  uv_timer_start(&Timer, testSleepInTimerCallback, 1000, 1000);
  uv_timer_init(Loop, &Nested);
  uv_timer_start(&Nested, testNestedLoopInCallback, 0, 0);
  return uv_run(Loop, UV_RUN_DEFAULT); /* no-warning: the loop runner itself */
}
/* CHECK: stallscan: 7 findings in 1 file (1 translation units)
 * CHECK: architecture: asynchronous
 * CHECK: exit-code: 1
 */
