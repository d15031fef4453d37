/* A function that starts a thread and then waits on a condition variable
 * the new thread signals as one of its first statements, before its loop,
 * waits only for the thread to start (memcached's start_item_crawler_thread,
 * run by the `lru_crawler enable` command on the loop): not reported. A
 * wait for a signal the thread sends from inside its loop or after its work
 * waits for that work, and a wait on another variable is any wait: both
 * reported.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <pthread.h>
#include <uv.h>

static pthread_mutex_t Lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t Started = PTHREAD_COND_INITIALIZER;
static pthread_cond_t Done = PTHREAD_COND_INITIALIZER;
static pthread_cond_t Other = PTHREAD_COND_INITIALIZER;
static volatile int Running = 1;
static long Work;

static void *crawler(void *Arg) {
  (void)Arg;
  pthread_mutex_lock(&Lock);
  pthread_cond_signal(&Started); /* first: the caller may go on */
  while (Running) {
    ++Work;
    pthread_cond_wait(&Started, &Lock);
  }
  pthread_mutex_unlock(&Lock);
  return 0;
}

static void *computer(void *Arg) {
  (void)Arg;
  for (long I = 0; I < 1000000; ++I)
    Work += I;
  pthread_mutex_lock(&Lock);
  pthread_cond_signal(&Done); /* after the work */
  pthread_mutex_unlock(&Lock);
  return 0;
}

static pthread_t CrawlerTid, ComputerTid;

static void testStartHandshake(void) {
  pthread_mutex_lock(&Lock);
  pthread_create(&CrawlerTid, 0, crawler, 0);
  pthread_cond_wait(&Started, &Lock); /* no-warning: the thread's start */
  pthread_mutex_unlock(&Lock);
}

static void testWaitForWork(void) {
  pthread_mutex_lock(&Lock);
  pthread_create(&ComputerTid, 0, computer, 0);
  pthread_cond_wait(&Done, &Lock);
// CHECK: thread-start-handshake.c:[[@LINE-1]]:3: warning: blocking call to 'pthread_cond_wait' on the event loop
// CHECK-NEXT: note:
// CHECK-NEXT: note:
  pthread_mutex_unlock(&Lock);
}

static void testWaitOnAnotherVariable(void) {
  pthread_mutex_lock(&Lock);
  pthread_create(&CrawlerTid, 0, crawler, 0);
  pthread_cond_wait(&Other, &Lock);
// CHECK: thread-start-handshake.c:[[@LINE-1]]:3: warning: blocking call to 'pthread_cond_wait' on the event loop
// CHECK-NEXT: note:
// CHECK-NEXT: note:
  pthread_mutex_unlock(&Lock);
}

static void on_command(uv_timer_t *T) {
  (void)T;
  testStartHandshake();
  testWaitForWork();
  testWaitOnAnotherVariable();
}

int main(void) {
  uv_timer_t Timer;
  uv_timer_init(uv_default_loop(), &Timer);
  uv_timer_start(&Timer, on_command, 10, 10);
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
