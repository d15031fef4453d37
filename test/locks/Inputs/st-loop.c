/* A small event-loop library compiled into the program, as libhv is in its
 * own compile database: the registration (hio_setcb_read) and the runner
 * (hloop_run) are defined here, so any thread they started would be in
 * sight. hio_write takes the connection's own write lock. */
#include <hv/hloop.h>
#include <pthread.h>

struct hio_s {
  int fd;
  hread_cb read_cb;
  pthread_mutex_t write_mutex;
  char out[4096];
  int len;
};
struct hloop_s {
  hio_t ios[16];
  int nios;
  int stop;
};

hio_t *next_ready(hloop_t *loop, char *buf, int *n); /* the poller, elsewhere */

hloop_t *hloop_new(int flags) {
  static hloop_t loops[8];
  static int next;
  (void)flags;
  return &loops[next++ % 8];
}

hio_t *hio_get(hloop_t *loop, int fd) {
  hio_t *io = &loop->ios[loop->nios++ % 16];
  io->fd = fd;
  return io;
}

void hio_setcb_read(hio_t *io, hread_cb read_cb) { io->read_cb = read_cb; }

int hio_write(hio_t *io, const void *buf, int len) {
  pthread_mutex_lock(&io->write_mutex);
  for (int i = 0; i < len; ++i)
    io->out[io->len++ % 4096] = ((const char *)buf)[i];
  pthread_mutex_unlock(&io->write_mutex);
  return len;
}

int hloop_run(hloop_t *loop) {
  char buf[512];
  int n = 0;
  while (!loop->stop) {
    hio_t *io = next_ready(loop, buf, &n);
    if (io && io->read_cb)
      io->read_cb(io, buf, n);
  }
  return 0;
}
