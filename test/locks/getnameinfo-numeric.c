/* getnameinfo looks the address up in DNS unless NI_NUMERICHOST asks it
 * only to format the address, as inet_ntop does (psutil's
 * psutil_convert_ipaddr): only the lookup is a blocking call.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <netdb.h>
#include <pthread.h>
#include <sys/socket.h>

static pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;

void testNumericIsNotALookup(const struct sockaddr *A, socklen_t Len) {
  char Host[NI_MAXHOST];
  pthread_mutex_lock(&Mu);
  getnameinfo(A, Len, Host, sizeof(Host), NULL, 0, NI_NUMERICHOST); /* no-warning */
  getnameinfo(A, Len, Host, sizeof(Host), NULL, 0,
              NI_NUMERICHOST | NI_NUMERICSERV); /* no-warning */
  pthread_mutex_unlock(&Mu);
}

void testLookupUnderLock(const struct sockaddr *A, socklen_t Len) {
  char Host[NI_MAXHOST];
  pthread_mutex_lock(&Mu);
  getnameinfo(A, Len, Host, sizeof(Host), NULL, 0, NI_NAMEREQD);
/* CHECK: getnameinfo-numeric.c:[[@LINE-1]]:3: warning: blocking call to 'getnameinfo' while lock 'Mu' is held
 * CHECK-NEXT: getnameinfo-numeric.c:[[@LINE-3]]:3: note: lock 'Mu' acquired here
 */
  pthread_mutex_unlock(&Mu);
}
