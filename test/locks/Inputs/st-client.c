/* A command-line client on the library: one loop, run by main, and no
 * thread anywhere in its reach. Its global lock has one taker at a time:
 * nothing queues on it. */
#include <hv/hloop.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

hio_t *hio_get(hloop_t *loop, int fd);

static hio_t *sockio;
static pthread_mutex_t lines_lock = PTHREAD_MUTEX_INITIALIZER;
static char lines[64][256];
static int nlines;

static void on_stdin(hio_t *io, void *buf, int n) {
  (void)io;
  hio_write(sockio, buf, n); // no-warning: one thread writes the socket
}

static void on_recv(hio_t *io, void *buf, int n) {
  (void)io;
  pthread_mutex_lock(&lines_lock); // no-warning: one thread takes it
  for (int i = 0; i < n && i < 255; ++i)
    lines[nlines % 64][i] = ((char *)buf)[i];
  ++nlines;
  usleep(1000); // on the loop, but under a lock no one else waits for
  pthread_mutex_unlock(&lines_lock);
}

static void forget_lines(void) { nlines = 0; }

int main(void) {
  atexit(forget_lines); /* runs at exit, on no other thread */
  hloop_t *loop = hloop_new(0);
  sockio = hio_get(loop, 3);
  hio_setcb_read(hio_get(loop, 0), on_stdin);
  hio_setcb_read(sockio, on_recv);
  return hloop_run(loop);
}
