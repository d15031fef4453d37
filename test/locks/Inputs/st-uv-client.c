/* One loop run by main too, but through libuv, outside the program: what
 * threads it runs handlers on is not in sight, so its lock still counts. */
#include <pthread.h>
#include <uv.h>

static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static long seen[64];

static void on_read(uv_stream_t *s, long n, const uv_buf_t *buf) {
  (void)s;
  pthread_mutex_lock(&seen_lock);
  for (long i = 0; i < n; ++i)
    seen[((unsigned char *)buf->base)[i] % 64]++;
  pthread_mutex_unlock(&seen_lock);
}

static void on_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf);

int main(void) {
  static uv_tcp_t conn;
  uv_tcp_init(uv_default_loop(), &conn);
  uv_read_start((uv_stream_t *)&conn, on_alloc, on_read);
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
