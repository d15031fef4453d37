/* A minimal libhv event loop of stallscan's own, written from libhv's public
 * API (hloop.h: names and signatures only) for the tests in test/frameworks/. */
#pragma once
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef struct hloop_s hloop_t;
typedef struct hevent_s hevent_t;
typedef struct hidle_s hidle_t;
typedef struct htimer_s htimer_t;
typedef struct hio_s hio_t;
typedef void (*hevent_cb)(hevent_t *ev);
typedef void (*hidle_cb)(hidle_t *idle);
typedef void (*htimer_cb)(htimer_t *timer);
typedef void (*haccept_cb)(hio_t *io);
typedef void (*hconnect_cb)(hio_t *io);
typedef void (*hread_cb)(hio_t *io, void *buf, int readbytes);
typedef void (*hwrite_cb)(hio_t *io, const void *buf, int writebytes);
typedef void (*hclose_cb)(hio_t *io);

struct hevent_s {
  hloop_t *loop;
  int event_type;
  uint64_t event_id;
  hevent_cb cb;
  void *userdata;
};
#define hevent_set_cb(ev, fn) ((hevent_t *)(ev))->cb = (hevent_cb)(fn)
#define hevent_userdata(ev) (((hevent_t *)(ev))->userdata)
#define INFINITE (uint32_t)-1

hloop_t *hloop_new(int flags);
void hloop_free(hloop_t **pp);
int hloop_run(hloop_t *loop);
int hloop_stop(hloop_t *loop);
void hloop_post_event(hloop_t *loop, hevent_t *ev);
hidle_t *hidle_add(hloop_t *loop, hidle_cb cb, uint32_t repeat);
htimer_t *htimer_add(hloop_t *loop, htimer_cb cb, uint32_t timeout_ms,
                     uint32_t repeat);
hio_t *haccept(hloop_t *loop, int listenfd, haccept_cb accept_cb);
hio_t *hloop_create_tcp_server(hloop_t *loop, const char *host, int port,
                               haccept_cb accept_cb);
void hio_setcb_read(hio_t *io, hread_cb read_cb);
void hio_setcb_write(hio_t *io, hwrite_cb write_cb);
void hio_setcb_close(hio_t *io, hclose_cb close_cb);
int hio_read(hio_t *io);
int hio_write(hio_t *io, const void *buf, int len);
int hio_close(hio_t *io);
#ifdef __cplusplus
}
#endif
