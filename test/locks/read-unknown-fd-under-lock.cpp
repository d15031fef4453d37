// Under a lock, read/readv on a descriptor of unknown origin (a socket, a
// pipe, anything not known to be a file) wait for the peer, as recv() does:
// reported by default. Writes to such descriptors are mostly wakeup pipes and
// eventfds being signalled: reported only with report-unknown-fd-io.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not=warning: --implicit-check-not=note:
// RUN: echo '{"check_options": {"stallscan-lock-held-while-blocking": {"report-unknown-fd-io": true}}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config %t.json %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,FDIO --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <sys/uio.h>
#include <unistd.h>

std::mutex M;

void testReadsUnderLock(int Fd, char *Buf, struct iovec *Iov) {
  std::lock_guard<std::mutex> Guard(M);
  read(Fd, Buf, 16);
// CHECK: read-unknown-fd-under-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'read' while lock 'M' is held
// CHECK-NEXT: read-unknown-fd-under-lock.cpp:[[@LINE-3]]:31: note: lock 'M' acquired here
  readv(Fd, Iov, 1);
// CHECK: read-unknown-fd-under-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'readv' while lock 'M' is held
// CHECK-NEXT: read-unknown-fd-under-lock.cpp:[[@LINE-6]]:31: note: lock 'M' acquired here
  write(Fd, Buf, 1);
// FDIO: read-unknown-fd-under-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'write' while lock 'M' is held
// FDIO-NEXT: read-unknown-fd-under-lock.cpp:[[@LINE-9]]:31: note: lock 'M' acquired here
}

void testReadWithoutLock(int Fd, char *Buf) {
  read(Fd, Buf, 16); // no-warning: no lock held
}

int main() {}
// DEFAULT: stallscan: 2 findings in 1 file (1 translation units)
// FDIO: stallscan: 3 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
