/* Calls through function pointers kept in struct fields or global tables
 * (a redis-style command table, an ops struct) reach the functions stored
 * there: in initializers (positional, designated, built by macros) and by
 * assignment. Comparing a function's address is not a call.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <stdio.h>
#include <unistd.h>

struct client;
typedef void CommandProc(struct client *c);
struct command {
  const char *name;
  CommandProc *proc;
  int arity;
};
struct client {
  struct command *cmd;
  int fd;
};

static void getCommand(struct client *c) { (void)c; }
static void saveCommand(struct client *c) {
  FILE *F = fopen("dump.rdb", "w");
/* CHECK: function-pointer-tables.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
 * CHECK-NEXT: function-pointer-tables.c:[[@LINE+63]]:25: note: 'readHandler' passed to 'event_new' runs on the event loop
 * CHECK-NEXT: function-pointer-tables.c:[[@LINE+49]]:3: note: 'readHandler' calls 'processCommand' here
 * CHECK-NEXT: function-pointer-tables.c:[[@LINE+42]]:3: note: 'processCommand' may call 'saveCommand' through 'command::proc' here
 */
  fclose(F);
/* CHECK: function-pointer-tables.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
 * CHECK-COUNT-3: note:
 */
  (void)c;
}
static void quitCommand(struct client *c) {
  sleep(1); /* no-warning: only compared, never stored or called */
  (void)c;
}
static void debugSleepCommand(struct client *c) {
  usleep(10);
/* CHECK: function-pointer-tables.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-COUNT-3: note:
 */
  (void)c;
}

#define MAKE_CMD(name, proc, arity) {name, proc, arity}
static struct command commandTable[] = {
    MAKE_CMD("get", getCommand, 2),
    {"save", saveCommand, 1},
    {.name = "debug-sleep", .proc = debugSleepCommand, .arity = 2},
};

/* An ops struct filled by assignment, and a global hook pointer. */
struct ops {
  void (*flush)(void);
};
static void flushToDisk(void) {
  fsync(3); /* no-warning: the hook is called from main only */
}
static void (*exitHook)(void);
static void onExit(void) {
  sync(); /* no-warning: called through exitHook from main, not the loop */
}

static void processCommand(struct client *c) {
  if (c->cmd->proc == quitCommand) /* a comparison, not a call */
    return;
  c->cmd->proc(c);
}

static void readHandler(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  processCommand((struct client *)arg);
}

static void runThroughParameter(void (*fn)(void)) {
  fn(); /* through a parameter: not resolved */
}

int main(void) {
  struct event_base *Base = event_base_new();
  struct client C = {&commandTable[0], 0};
  struct ops O;
  O.flush = flushToDisk;
  exitHook = onExit;
  event_new(Base, 0, 0, readHandler, &C);
  O.flush();
  exitHook();
  runThroughParameter(flushToDisk);
  event_base_dispatch(Base);
  return 0;
}
/* CHECK: stallscan: 3 findings in 1 file (1 translation units)
 * CHECK: exit-code: 1
 */
