// A descriptor initialised from open() at namespace scope is a file
// descriptor like the ones assigned in a function (file-descriptors.cpp):
// read()/write() on it from a handler is blocking file I/O.
// Previously missed: the extractor's VisitVarDecl returns early outside a
// function (Frames.empty()), so a namespace-scope initialiser that calls
// open() is never recorded in FileFds, and read(DataFd) is taken as raw
// socket I/O.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace asio = boost::asio;

int DataFd = open("/var/lib/app/data", O_RDONLY);  // no-warning: static initialisation
int PeerFd = socket(AF_INET, SOCK_STREAM, 0);

void testReadNamespaceScopeFileFd() {
  char B[64];
  read(DataFd, B, sizeof B);
// CHECK: global-file-descriptors.cpp:[[@LINE-1]]:3: warning: blocking call to 'read' on the event loop; move file I/O
// CHECK-NEXT: global-file-descriptors.cpp:[[@LINE+7]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: global-file-descriptors.cpp:[[@LINE+6]]:23: note: 'lambda in main' calls 'testReadNamespaceScopeFileFd' here
  read(PeerFd, B, sizeof B); // no-warning: a socket
}

int main() {
  asio::io_context Io;
  asio::post(Io, [] { testReadNamespaceScopeFileFd(); });
  Io.run();
}
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
// CHECK: exit-code: 1
