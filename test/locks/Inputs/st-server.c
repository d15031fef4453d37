/* A server on the same library: four threads, each running a loop whose
 * handler takes one global lock. Every request queues on it. */
#include <hv/hloop.h>
#include <pthread.h>
#include <unistd.h>

hio_t *hio_get(hloop_t *loop, int fd);

static pthread_mutex_t hits_lock = PTHREAD_MUTEX_INITIALIZER;
static long hits[64];

static void on_message(hio_t *io, void *buf, int n) {
  pthread_mutex_lock(&hits_lock);
  for (int i = 0; i < n; ++i)
    hits[((unsigned char *)buf)[i] % 64]++;
  usleep(1000);
  pthread_mutex_unlock(&hits_lock);
  hio_write(io, buf, n);
}

static void *worker(void *arg) {
  hloop_t *loop = hloop_new(0);
  hio_setcb_read(hio_get(loop, (int)(long)arg), on_message);
  hloop_run(loop);
  return 0;
}

int main(void) {
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&threads[i], 0, worker, (void *)(long)i);
  for (int i = 0; i < 4; ++i)
    pthread_join(threads[i], 0);
  return 0;
}
