/* hiredis: redisGetReply waits for the server on a synchronous context; on
 * the context inside a redisAsyncContext (&ac->c), as hiredis's own
 * redisProcessCallbacks calls it from the loop's read handler, it only
 * parses replies the loop already read: not blocking, and no evidence of a
 * synchronous client either.
 * RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_clients.h>
#include <mock_event.h>

void testGetReplyOnAsyncContext(redisAsyncContext *Ac) {
  void *Reply;
  redisContext *C = &(Ac->c);
  while (redisGetReply(C, &Reply) == 0 && Reply) /* no-warning: parses buffered replies */
    ;
  redisGetReply(&Ac->c, &Reply); /* no-warning: the async context's own */
}

void testGetReplyOnSyncContext(redisContext *C) {
  void *Reply;
  redisGetReply(C, &Reply);
/* CHECK: hiredis-async-context.c:[[@LINE-1]]:3: warning: blocking call to 'redisGetReply' on the event loop; use an async client (PQsendQuery, redisAsyncCommand) or a worker pool [stallscan-blocking-in-event-loop]
 * CHECK-NEXT: hiredis-async-context.c:[[#REG:@LINE+12]]:35: note: 'onRead' passed to 'event_new' runs on the event loop
 * CHECK-NEXT: hiredis-async-context.c:[[#REG-5]]:3: note: 'onRead' calls 'testGetReplyOnSyncContext' here
 */
}

static void onRead(evutil_socket_t Fd, short What, void *Arg) {
  testGetReplyOnAsyncContext(Arg);
  testGetReplyOnSyncContext(Arg);
}

int main(void) {
  struct event_base *Base = event_base_new();
  event_add(event_new(Base, 0, 0, onRead, 0), 0);
  event_base_dispatch(Base);
  return 0;
}
/* CHECK: evidence: 1 synchronous client call (db 1) and 0 asynchronous client calls
 */
