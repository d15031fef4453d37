/* libhv's C event loop, on a minimal header of stallscan's own
 * (test/Inputs/include/hv/hloop.h): callbacks given to haccept,
 * hio_setcb_read, htimer_add, hidle_add, and stored into an hevent's cb
 * for hloop_post_event, run on the hloop_run loop
 * (checks/catalog/frameworks/libhv.json). A thread of the program's own is
 * off the loop; code before hloop_run is start-up; a function registered
 * with atexit runs at exit, not on the loop that registers it.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <hv/hloop.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static hloop_t *Loop;

static long fileSize(const char *Path) {
  FILE *F = fopen(Path, "rb");
/* CHECK: libhv.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
 * CHECK-NEXT: libhv.c:[[#SETCB:@LINE+25]]:22: note: 'testOnRead' passed to 'hio_setcb_read' runs on the event loop
 * CHECK-NEXT: libhv.c:[[#CALL:@LINE+17]]:40: note: 'testOnRead' calls 'fileSize' here
 */
  if (!F)
    return -1;
  fseek(F, 0, SEEK_END);
  long N = ftell(F);
  fclose(F);
/* CHECK: libhv.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
 * CHECK-NEXT: libhv.c:[[#SETCB]]:22: note: 'testOnRead' passed to 'hio_setcb_read' runs on the event loop
 * CHECK-NEXT: libhv.c:[[#CALL]]:40: note: 'testOnRead' calls 'fileSize' here
 */
  return N;
}

static void testOnRead(hio_t *Io, void *Buf, int N) {
  (void)Buf; (void)N;
  char Line[64];
  snprintf(Line, sizeof Line, "%ld\n", fileSize("/srv/index.html"));
  hio_write(Io, Line, 0); /* no-warning: libhv writes without waiting */
}

static void testOnClose(hio_t *Io) { (void)Io; } /* no-warning */

static void testOnAccept(hio_t *Io) {
  hio_setcb_read(Io, testOnRead);
  hio_setcb_close(Io, testOnClose);
  hio_read(Io);
}

static FILE *LogFile;
static void testAtExitClosesLog(void) {
  if (LogFile)
    fclose(LogFile); /* no-warning: runs at exit, not where it is registered */
}

static void testTimerSleeps(htimer_t *T) {
  (void)T;
  atexit(testAtExitClosesLog);
  usleep(1000);
/* CHECK: libhv.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: libhv.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testTimerSleeps' passed to 'htimer_add' runs on the event loop
 */
}

static void testIdleIsQuiet(hidle_t *I) { (void)I; } /* no-warning */

static void testCustomEventReadsConfig(hevent_t *Ev) {
  (void)Ev;
  FILE *F = fopen("/etc/app.conf", "r");
/* CHECK: libhv.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
 * CHECK-NEXT: libhv.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testCustomEventReadsConfig' stored by 'hevent_set_cb' runs on the event loop
 */
  if (F)
    fclose(F);
/* CHECK: libhv.c:[[@LINE-1]]:5: warning: blocking call to 'fclose' on the event loop
 * CHECK-NEXT: libhv.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testCustomEventReadsConfig' stored by 'hevent_set_cb' runs on the event loop
 */
}

static void *testWorkerMaySleep(void *Arg) {
  (void)Arg;
  sleep(1); /* no-warning: a thread of its own */
  hevent_t Ev = {0};
  hevent_set_cb(&Ev, testCustomEventReadsConfig);
  hloop_post_event(Loop, &Ev);
  return NULL;
}

int main(void) {
  printf("%ld\n", fileSize("/etc/hostname"));
  Loop = hloop_new(0);
  hloop_create_tcp_server(Loop, "0.0.0.0", 8080, testOnAccept);
  htimer_add(Loop, testTimerSleeps, 1000, INFINITE);
  hidle_add(Loop, testIdleIsQuiet, INFINITE);
  pthread_t T;
  pthread_create(&T, NULL, testWorkerMaySleep, NULL);
  hloop_run(Loop);
  return 0;
}
/* CHECK: stallscan: 5 findings in 1 file (1 translation units)
 * CHECK-NEXT: architecture: asynchronous: requests are served by event loops
 * CHECK-NEXT: evidence: 'hloop_run' runs an event loop
 * CHECK-NEXT: evidence: {{[0-9]+}} libhv handlers registered on an event loop
 * CHECK: exit-code: 1
 */
