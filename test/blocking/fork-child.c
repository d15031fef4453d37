/* The child branch of fork() runs in another process: what it does blocks no
 * event loop. The parent branch stays on the loop. Wrappers are catalog data
 * ("forks": fork, vfork, redisFork...).
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void saveSnapshot(void) {
  FILE *F = fopen("dump.rdb", "w"); /* no-warning: only called in children */
  fclose(F);                         /* no-warning */
}

static void testForkChildInThenBranch(void) {
  pid_t Pid;
  if ((Pid = fork()) == 0) {
    saveSnapshot(); /* child */
    sleep(1);       /* no-warning: child process */
    _exit(0);
  }
}

static void testForkChildInElseBranch(void) {
  pid_t Pid = fork();
  if (Pid != 0) {
    waitpid(Pid, NULL, 0);
/* CHECK: fork-child.c:[[@LINE-1]]:5: warning: blocking call to 'waitpid' on the event loop
 * CHECK-NEXT: fork-child.c:[[@LINE+23]]:26: note: 'onTick' passed to 'event_new' runs on the event loop
 * CHECK-NEXT: fork-child.c:[[@LINE+16]]:3: note: 'onTick' calls 'testForkChildInElseBranch' here
 */
  } else {
    saveSnapshot(); /* child */
  }
}

static void testNegatedForkResult(void) {
  pid_t Child = fork();
  if (!Child)
    saveSnapshot(); /* child */
}

static void onTick(evutil_socket_t Fd, short What, void *Arg) {
  (void)Fd; (void)What; (void)Arg;
  testForkChildInThenBranch();
  testForkChildInElseBranch();
  testNegatedForkResult();
}

int main(void) {
  struct event_base *Base = event_base_new();
  event_new(Base, -1, 0, onTick, NULL);
  event_base_dispatch(Base);
  return 0;
}
/* CHECK: stallscan: 1 finding in 1 file (1 translation units)
 * CHECK: exit-code: 1
 */
