/* The helper that makes a descriptor non-blocking, and the connection set-up
 * that calls it on a field: the descriptor is used in nonblocking-b.c. */
#include <fcntl.h>
#include "nonblocking.h"

int make_nonblocking(int fd) {
  int Flags = fcntl(fd, F_GETFL, 0);
  return fcntl(fd, F_SETFL, Flags | O_NONBLOCK);
}

void conn_init(struct conn *C, int Sfd) {
  C->sfd = Sfd;
  make_nonblocking(C->sfd);
}
