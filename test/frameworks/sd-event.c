/* systemd's sd-event with Debian's real headers: handlers passed to
 * sd_event_add_io / _time_relative / _defer run on the loop of
 * sd_event_loop (checks/catalog/frameworks/sd-event.json). A nested
 * sd_event_run with a timeout blocks; with a zero timeout it only polls.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <netdb.h>
#include <stdio.h>
#include <systemd/sd-event.h>
#include <time.h>
#include <unistd.h>

static sd_event *Loop;

static int testIoHandlerResolves(sd_event_source *S, int Fd, uint32_t Revents,
                                 void *Data) {
  (void)S; (void)Fd; (void)Revents; (void)Data;
  struct addrinfo *Res = NULL;
  getaddrinfo("example.org", "80", NULL, &Res);
// CHECK: sd-event.c:[[@LINE-1]]:3: warning: blocking call to 'getaddrinfo' on the event loop
// CHECK-NEXT: sd-event.c:{{[0-9]+:[0-9]+}}: note: 'testIoHandlerResolves' passed to 'sd_event_add_io' runs on the event loop
  if (Res)
    freeaddrinfo(Res);
  return 0;
}

static int testTimerHandlerNestsLoop(sd_event_source *S, uint64_t Usec,
                                     void *Data) {
  (void)S; (void)Usec; (void)Data;
  sd_event_run(Loop, 0); /* no-warning: a zero timeout only polls */
  sd_event_run(Loop, 1000);
// CHECK: sd-event.c:[[@LINE-1]]:3: warning: blocking call to 'sd_event_run' on the event loop
// CHECK-NEXT: sd-event.c:{{[0-9]+:[0-9]+}}: note: 'testTimerHandlerNestsLoop' passed to 'sd_event_add_time_relative' runs on the event loop
  return 0;
}

static int testDeferHandlerIsQuiet(sd_event_source *S, void *Data) {
  (void)S; (void)Data;
  return 0; /* no-warning */
}

static void testNotRegisteredMaySleep(void) {
  sleep(1); /* no-warning: never registered, only called from main */
}

int main(void) {
  sd_event_default(&Loop);
  testNotRegisteredMaySleep();
  sd_event_add_io(Loop, NULL, 0, 1 /* EPOLLIN */, testIoHandlerResolves, NULL);
  sd_event_add_time_relative(Loop, NULL, CLOCK_MONOTONIC, 1000000, 0,
                             testTimerHandlerNestsLoop, NULL);
  sd_event_add_defer(Loop, NULL, testDeferHandlerIsQuiet, NULL);
  return sd_event_loop(Loop);
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops (3 handlers,
// CHECK: evidence: 3 sd-event handlers registered on an event loop
// CHECK: exit-code: 1
