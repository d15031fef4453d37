/* Uses conn::sfd (made non-blocking in nonblocking-a.c) and peer::fd (never
 * made non-blocking) under a lock. */
#include <pthread.h>
#include <sys/socket.h>
#include "nonblocking.h"

static pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;

void testRecvOnConnUnderLock(struct conn *C, char *Buf) {
  pthread_mutex_lock(&Mu);
  recv(C->sfd, Buf, 16, 0); /* no-warning: made non-blocking in the other TU */
  pthread_mutex_unlock(&Mu);
}

void testRecvOnPeerUnderLock(struct peer *P, char *Buf) {
  pthread_mutex_lock(&Mu);
  recv(P->fd, Buf, 16, 0);
  pthread_mutex_unlock(&Mu);
}

void testLocalPassedToHelperInOtherTU(int Listener, char *Buf) {
  int S = accept(Listener, 0, 0);
  make_nonblocking(S);
  pthread_mutex_lock(&Mu);
  recv(S, Buf, 16, 0); /* no-warning: the helper in the other TU sets O_NONBLOCK */
  pthread_mutex_unlock(&Mu);
}
