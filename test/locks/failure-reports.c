/* stallscan-lock-held-while-blocking: a branch that reports a failed call
 * (`if (pthread_sigmask(...)) log(strerror(errno))`, redis's bio threads
 * starting up with their job lock held) runs only when the call failed, and
 * the report is its work: what it blocks on is not blamed on the lock. The
 * branch tests a call's result and formats errno (strerror, perror, errno as
 * an argument), through a logging macro's `do { ... } while (0)` too.
 * Reported as before: an arm that tests errno (EAGAIN is the normal flow of
 * non-blocking I/O), an arm that retries in a loop, an arm that formats no
 * errno, and the else arm of a failure test.
 * RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-lock-held-while-blocking %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t JobLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t JobReady = PTHREAD_COND_INITIALIZER;
static int Jobs, Verbose, Backend = -1;
static FILE *Out;

static void logLine(const char *Fmt, ...) {
  FILE *F = fopen("/var/log/app.log", "a");
  va_list Ap;
  va_start(Ap, Fmt);
  vfprintf(F, Fmt, Ap);
  va_end(Ap);
  fclose(F);
}
/* Called only to report failures. */
static void logError(const char *Fmt, ...) {
  FILE *F = fopen("/var/log/app.err", "a"); /* no-warning: reports only */
  va_list Ap;
  va_start(Ap, Fmt);
  vfprintf(F, Fmt, Ap); /* no-warning: reports only */
  va_end(Ap);
  fclose(F); /* no-warning: reports only */
}
#define LOG(...)                                                               \
  do {                                                                         \
    if (!Verbose)                                                              \
      break;                                                                   \
    logError(__VA_ARGS__);                                                     \
  } while (0)

/* logLine is called outside reports: the retry loop's report is the first
 * such call (then the job log and the else arm).
 * CHECK: failure-reports.c:28:13: warning: blocking call to 'fopen' while lock 'JobLock' is held
 * CHECK-NEXT: note: lock 'JobLock' acquired here
 * CHECK-NEXT: note: 'worker' calls 'logLine' here
 * CHECK: failure-reports.c:31:3: warning: blocking call to 'vfprintf' while lock 'JobLock' is held
 * CHECK-NEXT: note: lock 'JobLock' acquired here
 * CHECK-NEXT: note: 'worker' calls 'logLine' here
 * CHECK: failure-reports.c:33:3: warning: blocking call to 'fclose' while lock 'JobLock' is held
 * CHECK-NEXT: note: lock 'JobLock' acquired here
 * CHECK-NEXT: note: 'worker' calls 'logLine' here
 */

static int connectBackend(void) { return Backend; }
static int popJob(int *Job) { return Jobs > 0 ? (*Job = Jobs--, 1) : 0; }

static void *worker(void *Arg) {
  sigset_t Set;
  int Job = 0;
  (void)Arg;
  pthread_mutex_lock(&JobLock);
  sigemptyset(&Set);
  sigaddset(&Set, SIGALRM);
  if (pthread_sigmask(SIG_BLOCK, &Set, NULL))
    logError("can't mask SIGALRM: %s\n", strerror(errno)); /* no-warning: a report */
  if (fflush(Out) != 0)
/* CHECK: failure-reports.c:[[@LINE-1]]:7: warning: blocking call to 'fflush' while lock 'JobLock' is held
 * CHECK-NEXT: note: lock 'JobLock' acquired here
 */
    fprintf(Out, "flush: %s\n", strerror(errno)); /* no-warning: a report */
  if (pipe((int[2]){0, 0}) == -1)
    LOG("pipe: %s\n", strerror(errno)); /* no-warning: a report, by macro */
  if (write(Backend, "x", 1) < 0)
    if (errno == EAGAIN)
      usleep(100);
/* CHECK: failure-reports.c:[[@LINE-1]]:7: warning: blocking call to 'usleep' while lock 'JobLock' is held
 * CHECK-NEXT: note: lock 'JobLock' acquired here
 */
  if (connectBackend() < 0)
    while (connectBackend() < 0) {
      logLine("retrying: %s\n", strerror(errno));
      sleep(1);
/* CHECK: failure-reports.c:[[@LINE-1]]:7: warning: blocking call to 'sleep' while lock 'JobLock' is held
 * CHECK-NEXT: note: lock 'JobLock' acquired here
 */
    }
  if (popJob(&Job))
    logLine("job %d\n", Job);
  if (fsync(3) < 0)
/* CHECK: failure-reports.c:[[@LINE-1]]:7: warning: blocking call to 'fsync' while lock 'JobLock' is held
 * CHECK-NEXT: note: lock 'JobLock' acquired here
 */
    logError("fsync: %s\n", strerror(errno)); /* no-warning: a report */
  else
    logLine("synced\n");
  for (;;) {
    while (Jobs == 0)
      pthread_cond_wait(&JobReady, &JobLock);
    --Jobs;
  }
  return NULL;
}

static void onRequest(evutil_socket_t Fd, short What, void *Arg) {
  (void)Fd;
  (void)What;
  (void)Arg;
  pthread_mutex_lock(&JobLock);
  ++Jobs;
  pthread_cond_signal(&JobReady);
  pthread_mutex_unlock(&JobLock);
}

int main(void) {
  struct event_base *Base = event_base_new();
  pthread_t T[4];
  for (int I = 0; I < 4; ++I)
    pthread_create(&T[I], NULL, worker, NULL);
  struct event *Ev = event_new(Base, 3, 0, onRequest, NULL);
  event_add(Ev, NULL);
  event_base_loop(Base, 0);
  return 0;
}
