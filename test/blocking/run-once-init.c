/* stallscan-blocking-in-event-loop: a one-shot initialisation on the loop
 * (`if (!done) { ...; done = 1; }` on a function-local static that nothing
 * else writes) blocks the loop once per process, for the first request that
 * gets there: still reported, marked "runs once" with the metric runs_once.
 * A flag that is also reset, a flag that is not static, or a block that
 * does not set its flag runs again: reported unmarked.
 * RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-blocking-in-event-loop %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 * RUN: %exitcode %stallscan --format json --checks=-*,stallscan-blocking-in-event-loop %s -- %mockinc \
 * RUN:   | FileCheck %s --check-prefix=JSON
 */
#include <mock_event.h>
#include <stdio.h>

static unsigned char Seed[64];

static void seedOnce(void) {
  static int Seeded = 0;
  if (!Seeded) {
    FILE *F = fopen("/var/lib/seed", "r");
/* CHECK: run-once-init.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' on the event loop{{.*}} (runs once per process: only while the static 'Seeded' is still clear)
 * CHECK-COUNT-2: note:
 * JSON: "runs_once": 1
 */
    if (F) {
      fread(Seed, sizeof Seed, 1, F);
/* CHECK: run-once-init.c:[[@LINE-1]]:7: warning: blocking call to 'fread' on the event loop{{.*}} (runs once per process: only while the static 'Seeded' is still clear)
 * CHECK-COUNT-2: note:
 */
      fclose(F);
/* CHECK: run-once-init.c:[[@LINE-1]]:7: warning: blocking call to 'fclose' on the event loop{{.*}} (runs once per process: only while the static 'Seeded' is still clear)
 * CHECK-COUNT-2: note:
 */
    }
    Seeded = 1;
  }
}

static void reloadWhenAsked(int Ask) {
  static int Loaded = 0;
  if (Ask)
    Loaded = 0; /* reset: the block runs again */
  if (!Loaded) {
    FILE *F = fopen("/etc/server.conf", "r");
/* CHECK: run-once-init.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' on the event loop; move file I/O to a worker pool or use async file I/O (uv_fs_* with a callback, io_uring) [stallscan-blocking-in-event-loop]
 * CHECK-COUNT-2: note:
 */
    Loaded = 1;
    (void)F;
  }
}

static int Global;
static void notStatic(void) {
  if (!Global) {
    FILE *F = fopen("/etc/hosts", "r");
/* CHECK: run-once-init.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' on the event loop; move file I/O to a worker pool or use async file I/O (uv_fs_* with a callback, io_uring) [stallscan-blocking-in-event-loop]
 * CHECK-COUNT-2: note:
 */
    Global = 1;
    (void)F;
  }
}

static void onRequest(evutil_socket_t Fd, short What, void *Arg) {
  seedOnce();
  reloadWhenAsked(What);
  notStatic();
}

int main(void) {
  struct event_base *Base = event_base_new();
  struct event *Ev = event_new(Base, 3, 0, onRequest, NULL);
  event_add(Ev, NULL);
  event_base_dispatch(Base);
  return 0;
}
