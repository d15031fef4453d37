/* The architecture verdict counts socket calls on worker threads as
 * evidence of blocking workers (a synchronous design) only on descriptors
 * that may block. A reactor core whose threads accept and read on
 * descriptors it made non-blocking (through its own helper) is no such
 * evidence; the same workers on blocking descriptors are.
 * RUN: %exitcode %stallscan --no-snippets %s -- -pthread \
 * RUN:   | FileCheck %s --check-prefix=NONBLOCKING --implicit-check-not=warning: --implicit-check-not=blocking-worker
 * RUN: %exitcode %stallscan --no-snippets %s -- -pthread -DBLOCKING \
 * RUN:   | FileCheck %s --check-prefix=BLOCKING --implicit-check-not=warning:
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

struct io {
  int fd;
  void (*cb)(struct io *);
};

static int nonblocking(int S) {
  return fcntl(S, F_SETFL, fcntl(S, F_GETFL) | O_NONBLOCK);
}

static void io_init(struct io *Io, int Fd) {
  Io->fd = Fd;
#ifndef BLOCKING
  nonblocking(Io->fd);
#endif
}

static void on_accept(struct io *Io) {
  int Conn = accept(Io->fd, 0, 0);
  struct io Peer;
  io_init(&Peer, Conn);
}

static void on_read(struct io *Io) {
  char Buf[64];
  recv(Io->fd, Buf, sizeof Buf, 0);
}

static void *worker(void *Arg) {
  struct io *Io = Arg;
  Io->cb = on_read;
  Io->cb = on_accept;
  for (int I = 0; I < 100; ++I)
    Io->cb(Io);
  return 0;
}

int main(void) {
  static struct io Ios[4];
  pthread_t T[4];
  for (int I = 0; I < 4; ++I) {
    io_init(&Ios[I], socket(AF_INET, SOCK_STREAM, 0));
    pthread_create(&T[I], 0, worker, &Ios[I]);
  }
  return 0;
}
/* NONBLOCKING: architecture: unknown
 * BLOCKING: architecture: synchronous
 * BLOCKING: evidence: 2 blocking socket calls on worker threads, e.g. 'accept'
 */
