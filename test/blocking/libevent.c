/* libevent callbacks are loop roots: evhttp_set_cb request handlers,
 * bufferevent_setcb read/write/event callbacks, event_new and the evtimer_new
 * macro, evconnlistener_new_bind. Code before event_base_dispatch() is not.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#define _DEFAULT_SOURCE /* getaddrinfo, usleep under -std=c11 */
#include <mock_event.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct event_base *Base;

static void testDnsAndSystemInHttpHandler(struct evhttp_request *Req, void *Arg) {
  struct addrinfo *Res = NULL;
  (void)Arg;
  getaddrinfo("backend.internal", "80", NULL, &Res);
// CHECK: libevent.c:[[@LINE-1]]:3: warning: blocking call to 'getaddrinfo' on the event loop; resolve asynchronously (async_resolve, uv_getaddrinfo, evdns_getaddrinfo, c-ares) [stallscan-blocking-in-event-loop]
// CHECK-NEXT: libevent.c:[[@LINE+66]]:35: note: 'testDnsAndSystemInHttpHandler' passed to 'evhttp_set_cb' runs on the event loop
  system("/usr/local/bin/refresh-cache");
// CHECK: libevent.c:[[@LINE-1]]:3: warning: blocking call to 'system' on the event loop; spawn the child asynchronously
// CHECK-NEXT: libevent.c:[[@LINE+63]]:35: note: 'testDnsAndSystemInHttpHandler' passed to 'evhttp_set_cb' runs on the event loop
  evhttp_send_reply(Req, 200, "OK", NULL); /* no-warning: queues the reply */
}

static void testNoBlockingInHttpHandler(struct evhttp_request *Req, void *Arg) {
  (void)Arg;
  fprintf(stderr, "GET /health\n");       /* no-warning: console logging */
  evhttp_send_reply(Req, 200, "OK", NULL); /* no-warning: queues the reply */
}

static void testFileReadInBuffereventReadCallback(struct bufferevent *Bev, void *Arg) {
  char Line[256];
  FILE *F = (FILE *)Arg;
  if (fgets(Line, sizeof Line, F))
// CHECK: libevent.c:[[@LINE-1]]:7: warning: blocking call to 'fgets' on the event loop; move file I/O
// CHECK-NEXT: libevent.c:[[@LINE+51]]:26: note: 'testFileReadInBuffereventReadCallback' passed to 'bufferevent_setcb' runs on the event loop
    bufferevent_write(Bev, Line, strlen(Line)); /* no-warning: buffered, the loop writes it */
}

static void testBuffereventEventCallback(struct bufferevent *Bev, short What, void *Arg) {
  (void)Bev;
  (void)What;
  (void)Arg;
  fputs("connection closed\n", stderr); /* no-warning: console logging */
}

static void testSleepInEvtimerCallback(evutil_socket_t Fd, short What, void *Arg) {
  (void)Fd;
  (void)What;
  (void)Arg;
  usleep(500);
// CHECK: libevent.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop; use a timer
// CHECK-NEXT: libevent.c:[[@LINE+36]]:42: note: 'testSleepInEvtimerCallback' passed to 'event_new' runs on the event loop
}

static void testListenerCallback(struct evconnlistener *L, evutil_socket_t Fd,
                                 struct sockaddr *Addr, int Len, void *Arg) {
  (void)L;
  (void)Fd;
  (void)Addr;
  (void)Len;
  (void)Arg;
  sleep(1);
// CHECK: libevent.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: libevent.c:[[@LINE+26]]:33: note: 'testListenerCallback' passed to 'evconnlistener_new_bind' runs on the event loop
}

static void testNestedDispatchInCallback(evutil_socket_t Fd, short What, void *Arg) {
  (void)Fd;
  (void)What;
  event_add((struct event *)Arg, NULL); /* no-warning: registers, does not wait */
  event_base_dispatch(Base);
// CHECK: libevent.c:[[@LINE-1]]:3: warning: blocking call to 'event_base_dispatch' on the event loop; do not run an event loop from inside one of its handlers
// CHECK-NEXT: libevent.c:[[@LINE+18]]:36: note: 'testNestedDispatchInCallback' passed to 'event_new' runs on the event loop
}

int main(void) {
  char Setting[128];
  FILE *Config = fopen("/etc/app.conf", "r"); /* no-warning: before the loop runs */
  if (Config && fgets(Setting, sizeof Setting, Config)) /* no-warning: before the loop runs */
    fclose(Config); /* no-warning: before the loop runs */
  Base = event_base_new();
  struct evhttp *Http = evhttp_new(Base);
  evhttp_set_cb(Http, "/refresh", testDnsAndSystemInHttpHandler, NULL);
  evhttp_set_cb(Http, "/health", testNoBlockingInHttpHandler, NULL);
  struct bufferevent *Bev = NULL;
  bufferevent_setcb(Bev, testFileReadInBuffereventReadCallback, NULL,
                    testBuffereventEventCallback, stdin);
  struct event *Tick = evtimer_new(Base, testSleepInEvtimerCallback, NULL);
  event_add(Tick, NULL);
  evconnlistener_new_bind(Base, testListenerCallback, NULL, 0, -1, NULL, 0);
  event_add(event_new(Base, -1, 0, testNestedDispatchInCallback, NULL), NULL);
  return event_base_dispatch(Base); /* no-warning: the loop runner itself */
}
/* CHECK: stallscan: 6 findings in 1 file (1 translation units)
 * CHECK: architecture: asynchronous
 * CHECK: exit-code: 1
 */
