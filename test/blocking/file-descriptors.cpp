// read()/write() are file I/O only on a descriptor that came from open() or
// creat(): a local, a global or a member field assigned from one of them. On a
// socket, or a descriptor of unknown origin, they are raw socket I/O, which is
// not reported on the loop.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace asio = boost::asio;

int GlobalLogFd;    // assigned from open() in main()
int GlobalDumpFd;   // assigned from creat() in main()
int GlobalSocketFd; // assigned from socket() in main()

struct Journal {
  int Fd;
  void openIt() { Fd = open("/var/lib/app/journal", O_WRONLY | O_APPEND); }
  void append(const char *B) {
    write(Fd, B, 1);
// CHECK: file-descriptors.cpp:[[@LINE-1]]:5: warning: blocking call to 'write' on the event loop; move file I/O
// CHECK-NEXT: file-descriptors.cpp:[[#POST:@LINE+51]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: file-descriptors.cpp:[[#POST+2]]:5: note: 'lambda in main' calls 'testMemberFdFromOpen' here
// CHECK-NEXT: file-descriptors.cpp:[[@LINE+22]]:5: note: 'testMemberFdFromOpen' calls 'Journal::append' here
  }
};

struct Peer {
  int Fd;
  void send(const char *B) { write(Fd, B, 1); } // no-warning: Peer::Fd only ever holds a socket
};

void testGlobalFdFromOpenAndCreat(const char *B) {
  write(GlobalLogFd, B, 1);
// CHECK: file-descriptors.cpp:[[@LINE-1]]:3: warning: blocking call to 'write' on the event loop; move file I/O
// CHECK-NEXT: file-descriptors.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: file-descriptors.cpp:[[#POST+1]]:5: note: 'lambda in main' calls 'testGlobalFdFromOpenAndCreat' here
  write(GlobalDumpFd, B, 1);
// CHECK: file-descriptors.cpp:[[@LINE-1]]:3: warning: blocking call to 'write' on the event loop; move file I/O
// CHECK-NEXT: file-descriptors.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: file-descriptors.cpp:[[#POST+1]]:5: note: 'lambda in main' calls 'testGlobalFdFromOpenAndCreat' here
  write(GlobalSocketFd, B, 1); // no-warning: a socket
}

void testMemberFdFromOpen(Journal &J, Peer &P) {
  J.append("x");
  P.send("x");
}

void testLocalFdFromOpen(int ParamFd) {
  char B[16];
  int Local = open("/etc/hostname", O_RDONLY);
// CHECK: file-descriptors.cpp:[[@LINE-1]]:15: warning: blocking call to 'open' on the event loop; move file I/O
// CHECK-NEXT: file-descriptors.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: file-descriptors.cpp:[[#POST+3]]:5: note: 'lambda in main' calls 'testLocalFdFromOpen' here
  read(Local, B, sizeof B);
// CHECK: file-descriptors.cpp:[[@LINE-1]]:3: warning: blocking call to 'read' on the event loop; move file I/O
// CHECK-NEXT: file-descriptors.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: file-descriptors.cpp:[[#POST+3]]:5: note: 'lambda in main' calls 'testLocalFdFromOpen' here
  int Sock = socket(AF_INET, SOCK_STREAM, 0);
  read(Sock, B, sizeof B);    // no-warning: a socket
  read(ParamFd, B, sizeof B); // no-warning: unknown origin, treated as a socket
}

int main() {
  asio::io_context Io;
  GlobalLogFd = open("/var/log/app.log", O_WRONLY | O_APPEND); // no-warning: before the loop
  GlobalDumpFd = creat("/tmp/app.dump", 0644);                  // no-warning: before the loop
  GlobalSocketFd = socket(AF_INET, SOCK_STREAM, 0);
  Journal J;
  J.openIt();
  Peer P{socket(AF_INET, SOCK_STREAM, 0)};
  asio::post(Io, [&] {
    testGlobalFdFromOpenAndCreat("x");
    testMemberFdFromOpen(J, P);
    testLocalFdFromOpen(0);
  });
  Io.run();
}
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
