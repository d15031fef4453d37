// Directory scans and path calls read the file system: scandir, nftw, glob,
// realpath, remove(path). Algorithms that share a name (std::remove over a
// range) are not file I/O.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <ftw.h>
#include <glob.h>
#include <sys/epoll.h>
#include <vector>

static int visit(const char *, const struct stat *, int, struct FTW *) { return 0; }

void testSpoolScan(std::vector<int> &Ids) {
  struct dirent **List;
  int N = scandir("/var/spool/server", &List, nullptr, alphasort);
// CHECK: directory-and-path-calls.cpp:[[@LINE-1]]:11: warning: blocking call to 'scandir' on the event loop; move file I/O
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testSpoolScan' here
  nftw("/var/spool/server", visit, 8, FTW_PHYS);
// CHECK: directory-and-path-calls.cpp:[[@LINE-1]]:3: warning: blocking call to 'nftw' on the event loop; move file I/O
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testSpoolScan' here
  glob_t G;
  glob("/var/spool/server/*.job", 0, nullptr, &G);
// CHECK: directory-and-path-calls.cpp:[[@LINE-1]]:3: warning: blocking call to 'glob' on the event loop; move file I/O
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testSpoolScan' here
  char Path[4096];
  realpath("current", Path);
// CHECK: directory-and-path-calls.cpp:[[@LINE-1]]:3: warning: blocking call to 'realpath' on the event loop; move file I/O
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testSpoolScan' here
  std::remove("/var/spool/server/done.job");
// CHECK: directory-and-path-calls.cpp:[[@LINE-1]]:3: warning: blocking call to 'remove' on the event loop; move file I/O
// CHECK-NEXT: note: the loop in 'testLoop' waits in 'epoll_wait' here
// CHECK-NEXT: note: 'testLoop' calls 'testSpoolScan' here
  Ids.erase(std::remove(Ids.begin(), Ids.end(), N), Ids.end()); // no-warning: the algorithm
}

void testLoop(int Ep, std::vector<int> &Ids) {
  for (;;) {
    epoll_event Events[16];
    int N = epoll_wait(Ep, Events, 16, -1);
    for (int I = 0; I < N; ++I)
      testSpoolScan(Ids);
  }
}
