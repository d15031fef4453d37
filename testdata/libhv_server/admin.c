/* The admin port: one command per read, answered on the same loop. */
#include "admin.h"

#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct lookup_job {
  hio_t *io;
  char host[256];
};

/* The fixed twin of "resolve": getaddrinfo runs on a thread of its own. */
static void *lookup_thread(void *arg) {
  struct lookup_job *job = arg;
  struct addrinfo *res = NULL;
  int rc = getaddrinfo(job->host, NULL, NULL, &res); // OK: a thread of its own
  if (rc == 0)
    freeaddrinfo(res);
  free(job);
  return NULL;
}

static void on_admin_read(hio_t *io, void *buf, int readbytes) {
  char line[256];
  int n = readbytes < 255 ? readbytes : 255;
  memcpy(line, buf, (size_t)n);
  line[n] = '\0';
  if (strncmp(line, "resolve ", 8) == 0) {
    struct addrinfo *res = NULL;
    if (getaddrinfo(line + 8, NULL, NULL, &res) == 0) { // BLOCKING: dns
      hio_write(io, "ok\n", 3);
      freeaddrinfo(res);
    }
  } else if (strncmp(line, "lookup ", 7) == 0) {
    struct lookup_job *job = calloc(1, sizeof *job);
    pthread_t tid;
    job->io = io;
    snprintf(job->host, sizeof job->host, "%s", line + 7);
    if (pthread_create(&tid, NULL, lookup_thread, job) == 0)
      pthread_detach(tid);
    hio_write(io, "queued\n", 7);
  } else {
    hio_write(io, "pong\n", 5); // OK: queued on the loop, never waits
  }
}

static void on_admin_accept(hio_t *io) {
  hio_setcb_read(io, on_admin_read);
  hio_read(io);
}

void admin_start(hloop_t *loop, int port) {
  hloop_create_tcp_server(loop, "127.0.0.1", port, on_admin_accept);
}
