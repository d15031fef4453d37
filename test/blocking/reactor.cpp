// A hand-written reactor: the body of a loop that waits in epoll_wait, poll
// or select runs on the event loop, and so does everything it calls. Raw
// socket I/O (recv/send/read on a socket) is what a reactor is for and is not
// reported; read() on a descriptor from open() is file I/O and is.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

void testSleepInHandlerCalledFromEpollLoop(int Fd) {
  char Buf[512];
  ssize_t N = recv(Fd, Buf, sizeof Buf, 0); // no-warning: raw socket I/O
  if (N > 0)
    send(Fd, Buf, N, 0);                    // no-warning: raw socket I/O
  usleep(100);
// CHECK: reactor.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop; use a timer
// CHECK-NEXT: reactor.cpp:[[@LINE+17]]:13: note: the loop in 'testEpollReactor' waits in 'epoll_wait' here; its body runs on the event loop
// CHECK-NEXT: reactor.cpp:[[@LINE+24]]:7: note: 'testEpollReactor' calls 'testSleepInHandlerCalledFromEpollLoop' here
}

void testEpollReactor(int ListenFd) {
  std::FILE *Pid = std::fopen("/run/server.pid", "w"); // no-warning: before the loop
  std::fprintf(Pid, "%d\n", getpid());                  // no-warning: before the loop
  std::fclose(Pid);                                     // no-warning: before the loop
  int Ep = epoll_create1(0);
  epoll_event Ev{};
  Ev.events = EPOLLIN;
  Ev.data.fd = ListenFd;
  epoll_ctl(Ep, EPOLL_CTL_ADD, ListenFd, &Ev);
  int Stats = open("/var/lib/server/stats", O_RDONLY); // no-warning: before the loop
  char Buf[64];
  for (;;) {
    epoll_event Events[64];
    int N = epoll_wait(Ep, Events, 64, -1);
    for (int I = 0; I < N; ++I) {
      int Fd = Events[I].data.fd;
      if (Fd == ListenFd) {
        int Client = accept(ListenFd, nullptr, nullptr); // no-warning: raw socket I/O
        read(Client, Buf, sizeof Buf);                   // no-warning: read() on a socket
        continue;
      }
      testSleepInHandlerCalledFromEpollLoop(Fd);
    }
    read(Stats, Buf, sizeof Buf);
// CHECK: reactor.cpp:[[@LINE-1]]:5: warning: blocking call to 'read' on the event loop; move file I/O
// CHECK-NEXT: reactor.cpp:[[@LINE-12]]:13: note: the loop in 'testEpollReactor' waits in 'epoll_wait' here; its body runs on the event loop
    int Log = open("/var/log/server.log", O_WRONLY | O_APPEND);
// CHECK: reactor.cpp:[[@LINE-1]]:15: warning: blocking call to 'open' on the event loop; move file I/O
// CHECK-NEXT: reactor.cpp:[[@LINE-15]]:13: note: the loop in 'testEpollReactor' waits in 'epoll_wait' here; its body runs on the event loop
    write(Log, Buf, 1);
// CHECK: reactor.cpp:[[@LINE-1]]:5: warning: blocking call to 'write' on the event loop; move file I/O
// CHECK-NEXT: reactor.cpp:[[@LINE-18]]:13: note: the loop in 'testEpollReactor' waits in 'epoll_wait' here; its body runs on the event loop
    close(Log);
  }
}

void testPollReactor(int Sock) {
  pollfd Fds[1] = {{Sock, POLLIN, 0}};
  while (true) {
    if (poll(Fds, 1, 1000) <= 0)
      continue;
    char Buf[256];
    ssize_t N = read(Sock, Buf, sizeof Buf); // no-warning: read() on a socket
    write(Sock, Buf, N);                     // no-warning: write() on a socket
    sleep(1);
// CHECK: reactor.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: reactor.cpp:[[@LINE-7]]:9: note: the loop in 'testPollReactor' waits in 'poll' here; its body runs on the event loop
  }
}

void testSelectReactor(int Sock) {
  do {
    fd_set Read;
    FD_ZERO(&Read);
    FD_SET(Sock, &Read);
    if (select(Sock + 1, &Read, nullptr, nullptr, nullptr) < 0)
      break;
    std::FILE *F = std::fopen("/etc/motd", "r");
// CHECK: reactor.cpp:[[@LINE-1]]:20: warning: blocking call to 'fopen' on the event loop; move file I/O
// CHECK-NEXT: reactor.cpp:[[@LINE-4]]:9: note: the loop in 'testSelectReactor' waits in 'select' here; its body runs on the event loop
    std::fclose(F);
// CHECK: reactor.cpp:[[@LINE-1]]:5: warning: blocking call to 'fclose' on the event loop; move file I/O
// CHECK-NEXT: reactor.cpp:[[@LINE-7]]:9: note: the loop in 'testSelectReactor' waits in 'select' here; its body runs on the event loop
  } while (true);
}

void testPlainLoopIsNotAReactor() {
  for (int I = 0; I < 3; ++I)
    sleep(1); // no-warning: no event wait in this loop, and not reached from one
}

int main() {
  int Sock = socket(AF_INET, SOCK_STREAM, 0);
  testPlainLoopIsNotAReactor();
  testSelectReactor(Sock);
  testPollReactor(Sock);
  testEpollReactor(Sock);
}
// CHECK: stallscan: 7 findings in 1 file (1 translation units)
// CHECK: architecture:
// CHECK: exit-code: 1
