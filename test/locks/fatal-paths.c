// A branch that can only end the process (every path from it reaches a
// noreturn call: abort, exit, an assertion macro ending in
// __builtin_unreachable) runs once, on the way out. A crash report's lock
// taken there does not serialise requests, and what it blocks on stalls
// nobody (redis's bugReportStart under serverAssert), and a function called
// only from such branches runs only on the way out: blocking under its lock
// stalls nobody either. The same helpers called on a path that returns are
// reported, and a function whose every path ends the process (main ending in
// exit) keeps its calls.
// RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static pthread_mutex_t ReportLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t StatsLock = PTHREAD_MUTEX_INITIALIZER;
static int Reported;
static long Served[64];

void assert_failed(const char *Expr, const char *File, int Line);
#define ASSERT(e) ((e) ? (void)0 : (assert_failed(#e, __FILE__, __LINE__), __builtin_unreachable()))

/* The crash report: a global lock around real work and a file write. It is
 * called only on branches that end the process: it runs on the way out, so
 * no thread serving requests waits for its lock. */
void assert_failed(const char *Expr, const char *File, int Line) {
  pthread_mutex_lock(&ReportLock);
  if (!Reported) {
    FILE *Log = fopen("/var/log/server/crash.log", "a"); // no-warning: on the way out
    for (int I = 0; I < 64; ++I)
      fprintf(Log, "%s:%d %s %ld\n", File, Line, Expr, Served[I]); // no-warning
    fclose(Log);                                             // no-warning
    Reported = 1;
  }
  pthread_mutex_unlock(&ReportLock);
}

void dump_state(void) {
  pthread_mutex_lock(&StatsLock);
// CHECK: fatal-paths.c:[[@LINE-1]]:3: warning: lock 'StatsLock' serialises every request (a global, reached from 2 request entry points)
  FILE *Log = fopen("/var/log/server/state.log", "a");
// CHECK: fatal-paths.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: note: the loop in 'serve' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'serve' calls 'testFatalBranches' here
// CHECK-NEXT: fatal-paths.c:[[@LINE+34]]:5: note: 'testFatalBranches' calls 'dump_state' here
// CHECK: fatal-paths.c:[[@LINE-5]]:15: warning: blocking call to 'fopen' while lock 'StatsLock' is held
// CHECK-NEXT: note: lock 'StatsLock' acquired here
  for (int I = 0; I < 64; ++I)
    fprintf(Log, "%ld\n", Served[I]);
// CHECK: fatal-paths.c:[[@LINE-1]]:5: warning: blocking call to 'fprintf' on the event loop
// CHECK-NEXT: note: the loop in 'serve' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'serve' calls 'testFatalBranches' here
// CHECK-NEXT: note: 'testFatalBranches' calls 'dump_state' here
// CHECK: fatal-paths.c:[[@LINE-5]]:5: warning: blocking call to 'fprintf' while lock 'StatsLock' is held
// CHECK-NEXT: note: lock 'StatsLock' acquired here
  fclose(Log);
// CHECK: fatal-paths.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
// CHECK-NEXT: note: the loop in 'serve' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'serve' calls 'testFatalBranches' here
// CHECK-NEXT: note: 'testFatalBranches' calls 'dump_state' here
// CHECK: fatal-paths.c:[[@LINE-5]]:3: warning: blocking call to 'fclose' while lock 'StatsLock' is held
// CHECK-NEXT: note: lock 'StatsLock' acquired here
  pthread_mutex_unlock(&StatsLock);
}

void testFatalBranches(int Fd, int Slot) {
  ASSERT(Slot >= 0 && Slot < 64);          // no-warning: assert_failed only runs to crash
  if (Fd < 0) {
    dump_state();                          // no-warning: the branch ends in abort()
    abort();
  }
  char Buf[256];
  if (recv(Fd, Buf, sizeof Buf, 0) < 0) {
    fprintf(stderr, "recv failed\n");
    dump_state();                          // no-warning: the branch ends in exit()
    exit(1);
  }
  if (Buf[0] == 'D')
    dump_state();                          // a path that returns: reported
  pthread_mutex_lock(&StatsLock);
  Served[Slot]++;
  pthread_mutex_unlock(&StatsLock);
}

int serve(int Ep, int Fd) {
  for (;;) {
    struct epoll_event Events[16];
    int N = epoll_wait(Ep, Events, 16, -1);
    for (int I = 0; I < N; ++I)
      testFatalBranches(Events[I].data.fd, I);
  }
  return 0;
}

/* Four threads serve, each with a reactor of its own: the locks they share
 * have other takers (a program that starts no thread has none). */
static void *serve_thread(void *Arg) {
  (void)Arg;
  return (void *)(long)serve(epoll_create1(0), 3);
}

int main(void) {
  pthread_t Threads[3];
  for (int I = 0; I < 3; ++I)
    pthread_create(&Threads[I], NULL, serve_thread, NULL);
  exit(serve(epoll_create1(0), 3));
}

/* A daemon branch that runs the loop and then exits is doomed too, but
 * what it registers still counts: the timer callback runs on the loop. */
#include <uv.h>
static uv_timer_t Tick;
static void on_tick(uv_timer_t *T) {
  (void)T;
  usleep(1000);
// CHECK: fatal-paths.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: note: 'on_tick' passed to 'uv_timer_start' runs on the event loop
}

void start_daemon(int Argc) {
  if (Argc > 1) {
    uv_timer_init(uv_default_loop(), &Tick);
    uv_timer_start(&Tick, on_tick, 0, 100);
    uv_run(uv_default_loop(), UV_RUN_DEFAULT);
    exit(0);
  }
}
