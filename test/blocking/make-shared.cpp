// std::make_shared<T>, std::make_unique<T> and std::allocate_shared<T> run
// T's constructor inside the standard library, whose bodies are not walked:
// the factory call is a call to the constructor that takes its arguments
// (trantor's TcpConnection::sendFile opens the file in a node made by
// make_shared on the loop). The same factories outside the loop stay quiet,
// and a constructor the arguments cannot select is not followed.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

namespace asio = boost::asio;

struct FileNode {
  explicit FileNode(const char *Path) {
    Fd = open(Path, O_RDONLY);
// CHECK: make-shared.cpp:[[@LINE-1]]:10: warning: blocking call to 'open' on the event loop
// CHECK-NEXT: make-shared.cpp:[[#POST:@LINE+23]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: make-shared.cpp:[[#POST+1]]:14: note: 'lambda in main' calls 'FileNode::FileNode' here
  }
  FileNode(int Fd, bool Owned) : Fd(Fd) { // no-warning: not selected by one argument
    if (!Owned)
      sleep(1);
  }
  int Fd = -1;
};

struct Blob {
  Blob(std::string Path, size_t Max) {
    std::ifstream In(Path);
// CHECK: make-shared.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: make-shared.cpp:[[#POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: make-shared.cpp:[[#POST+2]]:14: note: 'lambda in main' calls 'Blob::Blob' here
    (void)Max;
  }
};

int main() {
  auto Early = std::make_shared<FileNode>("/etc/app.conf"); // no-warning: before the loop
  asio::io_context Io;
  asio::post(Io, [] {
    auto N = std::make_shared<FileNode>("/srv/index.html");
    auto B = std::make_unique<Blob>("/srv/blob", 4096);
  });
  Io.run();
}
// CHECK: stallscan: 2 findings in 1 file
