// A C server's own lock wrappers are recognised through their bodies (see
// lock-wrappers.c): without configuration, lock_stats(&g_stats) takes the
// member it locks, 'g_stats.mu'. A config catalog entry ("op": "acquire",
// "release", "try-zero") takes precedence, with the first argument as the
// lock ('g_stats'); it is still the way for wrappers whose bodies are in
// another translation unit.
// RUN: echo '{"catalog": {"locks": [{"names": ["lock_stats"], "op": "acquire"}, {"names": ["unlock_stats"], "op": "release"}, {"names": ["trylock_stats"], "op": "try-zero"}]}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config %t.json %s -- -std=gnu11 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,CONFIG --implicit-check-not=warning: --implicit-check-not=note:
// RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NOCONFIG --implicit-check-not=warning: --implicit-check-not=note:
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <threads.h>
#include <unistd.h>

struct stats {
  pthread_mutex_t mu;
  long hits;
};

static struct stats g_stats = {PTHREAD_MUTEX_INITIALIZER, 0};
static pthread_mutex_t g_log_mu = PTHREAD_MUTEX_INITIALIZER;
static mtx_t g_c11_mu;

void lock_stats(struct stats *s) { pthread_mutex_lock(&s->mu); }
void unlock_stats(struct stats *s) { pthread_mutex_unlock(&s->mu); }
int trylock_stats(struct stats *s) { return pthread_mutex_trylock(&s->mu); }

void test_wrapper_lock_then_sleep(void) {
  lock_stats(&g_stats);
  g_stats.hits++;
  sleep(1);
// CONFIG: c-server.c:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'g_stats' is held; every thread that needs the lock waits for it too: release the lock first or move the call out of the critical section [stallscan-lock-held-while-blocking]
// CONFIG-NEXT: c-server.c:[[@LINE-4]]:3: note: lock 'g_stats' acquired here
// NOCONFIG: c-server.c:[[@LINE-3]]:3: warning: blocking call to 'sleep' while lock 'g_stats.mu' is held
// NOCONFIG-NEXT: c-server.c:[[@LINE-6]]:3: note: lock 'g_stats.mu' acquired here
  unlock_stats(&g_stats);
  usleep(1); // no-warning: released by the wrapper
}

void test_wrapper_unlock_before_file_io(const char *path) {
  lock_stats(&g_stats);
  long hits = g_stats.hits;
  unlock_stats(&g_stats);
  FILE *f = fopen(path, "w"); // no-warning: released above
  fprintf(f, "%ld\n", hits);
  fclose(f); // no-warning: released above
}

void test_wrapper_lock_around_file_io(const char *path) {
  lock_stats(&g_stats);
  FILE *f = fopen(path, "w");
// CONFIG: c-server.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' while lock 'g_stats' is held
// CONFIG-NEXT: c-server.c:[[@LINE-3]]:3: note: lock 'g_stats' acquired here
// NOCONFIG: c-server.c:[[@LINE-3]]:13: warning: blocking call to 'fopen' while lock 'g_stats.mu' is held
// NOCONFIG-NEXT: c-server.c:[[@LINE-5]]:3: note: lock 'g_stats.mu' acquired here
  unlock_stats(&g_stats);
  fclose(f); // no-warning: released above
}

void test_wrapper_trylock(void) {
  if (trylock_stats(&g_stats) == 0) {
    sleep(1);
// CONFIG: c-server.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'g_stats' is held
// CONFIG-NEXT: c-server.c:[[@LINE-3]]:7: note: lock 'g_stats' acquired here
// NOCONFIG: c-server.c:[[@LINE-3]]:5: warning: blocking call to 'sleep' while lock 'g_stats.mu' is held
// NOCONFIG-NEXT: c-server.c:[[@LINE-5]]:7: note: lock 'g_stats.mu' acquired here
    unlock_stats(&g_stats);
  } else {
    usleep(1); // no-warning: busy
  }
}

void test_pthread_lock_around_client_send(int client, const char *buf, size_t len) {
  pthread_mutex_lock(&g_log_mu);
  send(client, buf, len, 0);
// CHECK: c-server.c:[[@LINE-1]]:3: warning: blocking call to 'send' while lock 'g_log_mu' is held
// CHECK-NEXT: c-server.c:[[@LINE-3]]:3: note: lock 'g_log_mu' acquired here
  pthread_mutex_unlock(&g_log_mu);
  send(client, buf, len, 0); // no-warning: no lock held
}

void test_pthread_lock_around_file_write(const char *line, size_t len) {
  int fd = open("/var/log/app.log", O_WRONLY | O_APPEND);
  pthread_mutex_lock(&g_log_mu);
  write(fd, line, len);
// CHECK: c-server.c:[[@LINE-1]]:3: warning: blocking call to 'write' while lock 'g_log_mu' is held
// CHECK-NEXT: c-server.c:[[@LINE-3]]:3: note: lock 'g_log_mu' acquired here
  pthread_mutex_unlock(&g_log_mu);
  close(fd);
}

void test_c11_mtx(void) {
  mtx_lock(&g_c11_mu);
  usleep(1);
// CHECK: c-server.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'g_c11_mu' is held
// CHECK-NEXT: c-server.c:[[@LINE-3]]:3: note: lock 'g_c11_mu' acquired here
  mtx_unlock(&g_c11_mu);
  usleep(2); // no-warning: released
  if (mtx_trylock(&g_c11_mu) == thrd_success) {
    sleep(1);
// CHECK: c-server.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'g_c11_mu' is held
// CHECK-NEXT: c-server.c:[[@LINE-3]]:7: note: lock 'g_c11_mu' acquired here
    mtx_unlock(&g_c11_mu);
  } else {
    sleep(2); // no-warning: busy
  }
}

int main(void) {
  mtx_init(&g_c11_mu, mtx_plain);
  test_wrapper_lock_then_sleep();
  test_wrapper_unlock_before_file_io("/tmp/stats");
  test_wrapper_lock_around_file_io("/tmp/stats");
  test_wrapper_trylock();
  test_pthread_lock_around_client_send(3, "x", 1);
  test_pthread_lock_around_file_write("x", 1);
  test_c11_mtx();
  return 0;
}
// CONFIG: stallscan: 7 findings in 1 file (1 translation units)
// NOCONFIG: stallscan: 7 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
