/* Mock of the libevent API surface stallscan models. */
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
struct event_base;
struct event;
struct evhttp;
struct evhttp_request;
struct bufferevent;
struct evconnlistener;
struct sockaddr;
typedef int evutil_socket_t;
typedef void (*event_callback_fn)(evutil_socket_t, short, void *);
typedef void (*bufferevent_data_cb)(struct bufferevent *, void *);
typedef void (*bufferevent_event_cb)(struct bufferevent *, short, void *);
typedef void (*evconnlistener_cb)(struct evconnlistener *, evutil_socket_t, struct sockaddr *, int, void *);
struct event_base *event_base_new(void);
int event_base_dispatch(struct event_base *);
int event_base_loop(struct event_base *, int);
#define EVLOOP_ONCE 0x01
#define EVLOOP_NONBLOCK 0x02
struct event *event_new(struct event_base *, evutil_socket_t, short, event_callback_fn, void *);
int event_add(struct event *, const void *);
#define evtimer_new(b, cb, arg) event_new((b), -1, 0, (cb), (arg))
struct evhttp *evhttp_new(struct event_base *);
int evhttp_set_cb(struct evhttp *, const char *, void (*)(struct evhttp_request *, void *), void *);
void evhttp_set_gencb(struct evhttp *, void (*)(struct evhttp_request *, void *), void *);
void evhttp_send_reply(struct evhttp_request *, int, const char *, void *);
void bufferevent_setcb(struct bufferevent *, bufferevent_data_cb, bufferevent_data_cb, bufferevent_event_cb, void *);
int bufferevent_write(struct bufferevent *, const void *, unsigned long);
struct evconnlistener *evconnlistener_new_bind(struct event_base *, evconnlistener_cb, void *, unsigned, int, const struct sockaddr *, int);
#ifdef __cplusplus
}
#endif
