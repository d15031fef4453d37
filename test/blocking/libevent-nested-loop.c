/* event_base_loop(base, 0) or (base, EVLOOP_ONCE) inside a callback runs the
 * event loop from inside one of its own handlers, exactly like
 * event_base_dispatch(base) (reported in libevent.c): it blocks until events
 * arrive. event_base_loop(base, EVLOOP_NONBLOCK) only polls, like
 * uv_run(loop, UV_RUN_NOWAIT), and is fine.
 * Previously missed: blocking.json's nested-loop entry lists
 * event_base_dispatch but not event_base_loop (it is only a loop_runner).
 * Adding it needs a flag condition: the catalog's unless_arg matches spelled
 * names, and EVLOOP_NONBLOCK is a macro that expands to 0x02, so the entry
 * needs something like "unless the flags argument has bit 0x02 set".
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <stddef.h>

static struct event_base *Base;

static void testNestedEventBaseLoop(evutil_socket_t Fd, short What, void *Arg) {
  (void)Fd;
  (void)What;
  (void)Arg;
  event_base_loop(Base, EVLOOP_NONBLOCK); /* no-warning: polls once and returns */
  event_base_loop(Base, EVLOOP_ONCE);
// CHECK: libevent-nested-loop.c:[[@LINE-1]]:3: warning: blocking call to 'event_base_loop' on the event loop
// CHECK-NEXT: libevent-nested-loop.c:[[#REG:@LINE+8]]:36: note: 'testNestedEventBaseLoop' passed to 'event_new' runs on the event loop
  event_base_loop(Base, 0);
// CHECK: libevent-nested-loop.c:[[@LINE-1]]:3: warning: blocking call to 'event_base_loop' on the event loop
// CHECK-NEXT: libevent-nested-loop.c:[[#REG]]:36: note: 'testNestedEventBaseLoop' passed to 'event_new' runs on the event loop
}

int main(void) {
  Base = event_base_new();
  event_add(event_new(Base, -1, 0, testNestedEventBaseLoop, NULL), NULL);
  return event_base_loop(Base, 0); /* no-warning: the loop runner itself */
}
/* CHECK: stallscan: 2 findings in 1 file (1 translation units)
 * CHECK: exit-code: 1
 */
