// A branch whose condition is constant in this build never runs: a debug
// flag kept in a local that nothing writes (`int dbg = 0; if (dbg) ...`), a
// macro or a const global set to 0, `if (0)`. Its calls are not reported.
// The same shapes with a flag that can change (a parameter, a local that is
// assigned, incremented or whose address escapes, a volatile, a non-const
// global) are reported, and so is the live branch of a decided if.
// RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

#define TRACE_IO 0
static const int kVerbose = 0;
int verbose_flag = 0; /* set from the command line */
void set_flag(int *Flag);

static pthread_mutex_t Stats = PTHREAD_MUTEX_INITIALIZER;

void testDeadBranches(int Fd, int Debug) {
  int dbg = 0;
  if (dbg) {
    FILE *F = fopen("/tmp/dbg.log", "a"); // no-warning: dbg is always 0
    fclose(F);                            // no-warning: dbg is always 0
  }
  if (dbg && Fd > 2)
    sleep(1);                             // no-warning: dbg && ... is false
  if (!dbg || Fd > 2)
    ;
  else
    sleep(2);                             // no-warning: !dbg is true
  if (TRACE_IO)
    sleep(3);                             // no-warning: a macro set to 0
  if (kVerbose > 0)
    sleep(4);                             // no-warning: a const global
  if (0)
    sleep(5);                             // no-warning: if (0)
  if (dbg)
    sleep(6);                             // no-warning: dead then ...
  else
    usleep(7);                            // ... live else
// CHECK: dead-branches.c:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop; use a timer
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testDeadBranches' here

  pthread_mutex_lock(&Stats);
  if (dbg)
    sleep(8);                             // no-warning: dead, under a lock too
  pthread_mutex_unlock(&Stats);

  if (Debug)
    sleep(9);                             // a parameter can be anything
// CHECK: dead-branches.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testDeadBranches' here
  if (verbose_flag)
    sleep(10);                            // a global that can be set
// CHECK: dead-branches.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testDeadBranches' here
}

void testFlagsThatChange(int Fd) {
  int assigned = 0;
  if (Fd > 100)
    assigned = 1;
  if (assigned)
    sleep(11);                            // written in the function
// CHECK: dead-branches.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testFlagsThatChange' here
  int bumped = 0;
  bumped++;
  if (bumped)
    sleep(12);                            // incremented
// CHECK: dead-branches.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testFlagsThatChange' here
  int escaped = 0;
  set_flag(&escaped);
  if (escaped)
    sleep(13);                            // its address escapes
// CHECK: dead-branches.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testFlagsThatChange' here
  volatile int poked = 0;
  if (poked)
    sleep(14);                            // volatile
// CHECK: dead-branches.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testFlagsThatChange' here
}

void testLoop(int Ep, int Fd, int Debug) {
  for (;;) {
    struct epoll_event Events[16];
    int N = epoll_wait(Ep, Events, 16, -1);
    for (int I = 0; I < N; ++I) {
      testDeadBranches(Fd, Debug);
      testFlagsThatChange(Fd);
    }
  }
}
