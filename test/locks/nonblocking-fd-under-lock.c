/* Socket I/O under a lock waits for the peer only on a blocking descriptor.
 * A descriptor made non-blocking anywhere on its way (fcntl O_NONBLOCK,
 * ioctl FIONBIO, socket/accept4 with SOCK_NONBLOCK, or the program's own
 * helper that does one of these to its parameter) returns at once: recv,
 * send and read on it are not reported. The descriptor is followed through
 * variables, fields, parameters and return values.
 * RUN: %exitcode %stallscan --no-snippets %s -- -D_GNU_SOURCE \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;

struct Conn {
  int fd;
};
struct Peer {
  int fd;
};
struct Item {
  int sfd;
};

static int set_nonblocking(int fd) {
  int Flags = fcntl(fd, F_GETFL, 0);
  return fcntl(fd, F_SETFL, Flags | O_NONBLOCK);
}

static void set_blocking(int fd) {
  int Flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, Flags & ~O_NONBLOCK);
}

/* A helper that forwards its parameter to the setter. */
static void prepare(int fd) { set_nonblocking(fd); }

void setupConn(struct Conn *C, int Fd) {
  C->fd = Fd;
  set_nonblocking(C->fd);
}

void setupPeer(struct Peer *P, int Fd) {
  P->fd = Fd;
  set_blocking(P->fd);
}

void testRecvOnFieldMadeNonBlockingByHelper(struct Conn *C, char *Buf) {
  pthread_mutex_lock(&Mu);
  recv(C->fd, Buf, 16, 0); /* no-warning: Conn::fd is non-blocking */
  read(C->fd, Buf, 16);    /* no-warning: the same descriptor */
  pthread_mutex_unlock(&Mu);
}

void testRecvOnBlockingField(struct Peer *P, char *Buf) {
  pthread_mutex_lock(&Mu);
  recv(P->fd, Buf, 16, 0);
/* CHECK: nonblocking-fd-under-lock.c:[[@LINE-1]]:3: warning: blocking call to 'recv' while lock 'Mu' is held
 * CHECK-NEXT: nonblocking-fd-under-lock.c:[[@LINE-3]]:3: note: lock 'Mu' acquired here
 */
  pthread_mutex_unlock(&Mu);
}

void testSocketCreatedNonBlocking(char *Buf) {
  int S = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  pthread_mutex_lock(&Mu);
  send(S, Buf, 16, 0); /* no-warning: SOCK_NONBLOCK */
  pthread_mutex_unlock(&Mu);
}

void testSocketCreatedBlocking(char *Buf) {
  int S = socket(AF_INET, SOCK_STREAM, 0);
  pthread_mutex_lock(&Mu);
  send(S, Buf, 16, 0);
/* CHECK: nonblocking-fd-under-lock.c:[[@LINE-1]]:3: warning: blocking call to 'send' while lock 'Mu' is held
 * CHECK-NEXT: nonblocking-fd-under-lock.c:[[@LINE-3]]:3: note: lock 'Mu' acquired here
 */
  pthread_mutex_unlock(&Mu);
}

void testAccept4NonBlocking(int Listener, char *Buf) {
  int S = accept4(Listener, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
  pthread_mutex_lock(&Mu);
  recv(S, Buf, 16, 0); /* no-warning: accept4 with SOCK_NONBLOCK */
  pthread_mutex_unlock(&Mu);
}

void testIoctlFionbio(char *Buf) {
  int S = socket(AF_INET, SOCK_STREAM, 0);
  int On = 1;
  ioctl(S, FIONBIO, &On);
  pthread_mutex_lock(&Mu);
  recv(S, Buf, 16, 0); /* no-warning: FIONBIO */
  pthread_mutex_unlock(&Mu);
}

void testForwardingHelper(char *Buf) {
  int S = socket(AF_INET, SOCK_STREAM, 0);
  prepare(S);
  pthread_mutex_lock(&Mu);
  recv(S, Buf, 16, 0); /* no-warning: prepare() makes it non-blocking */
  pthread_mutex_unlock(&Mu);
}

static int make_listener(void) {
  int S = socket(AF_INET, SOCK_STREAM, 0);
  set_nonblocking(S);
  return S;
}

void testReturnedFromCreator(struct Item *It, char *Buf) {
  It->sfd = make_listener();
  pthread_mutex_lock(&Mu);
  recv(It->sfd, Buf, 16, 0); /* no-warning: make_listener returns it non-blocking */
  pthread_mutex_unlock(&Mu);
}

static void handOver(int Sfd, char *Buf) {
  pthread_mutex_lock(&Mu);
  recv(Sfd, Buf, 16, 0); /* no-warning: every caller passes a non-blocking descriptor */
  pthread_mutex_unlock(&Mu);
}

void testPassedToParameter(char *Buf) {
  int S = make_listener();
  handOver(S, Buf);
}

void testAcceptedThenMadeNonBlocking(int Listener, char *Buf) {
  int S = accept(Listener, 0, 0);
  set_nonblocking(S);
  pthread_mutex_lock(&Mu);
  recv(S, Buf, 16, 0); /* no-warning: made non-blocking after accept */
  pthread_mutex_unlock(&Mu);
}

void testAcceptedStaysBlocking(int Listener, char *Buf) {
  int S = accept(Listener, 0, 0);
  pthread_mutex_lock(&Mu);
  recv(S, Buf, 16, 0);
/* CHECK: nonblocking-fd-under-lock.c:[[@LINE-1]]:3: warning: blocking call to 'recv' while lock 'Mu' is held
 * CHECK-NEXT: nonblocking-fd-under-lock.c:[[@LINE-3]]:3: note: lock 'Mu' acquired here
 */
  pthread_mutex_unlock(&Mu);
}
/* CHECK: stallscan: 3 findings in 1 file (1 translation units)
 */
