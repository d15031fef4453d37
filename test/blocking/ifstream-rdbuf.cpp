// `out << in.rdbuf()` with an std::ifstream (or std::fstream) reads the whole
// file through its filebuf: the usual one-line file slurp. Found by
// testdata/pistache_server, whose avatar handler was reported for opening
// the file but not for reading it. The read goes through the streambuf
// overload of basic_ostream::operator<<, which also copies from memory (a
// stringstream's buffer), so the call named is the file stream's rdbuf().
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

namespace asio = boost::asio;

std::string testSlurpFileStream(const std::string &Path) {
  std::ifstream In(Path);
// CHECK: ifstream-rdbuf.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: ifstream-rdbuf.cpp:{{[0-9]+:[0-9]+}}: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: ifstream-rdbuf.cpp:{{[0-9]+:[0-9]+}}: note: 'lambda in main' calls 'testSlurpFileStream' here
  std::ostringstream Body;
  Body << In.rdbuf();
// CHECK: ifstream-rdbuf.cpp:[[@LINE-1]]:14: warning: blocking call to 'std::basic_ifstream::rdbuf' on the event loop
// CHECK-NEXT: ifstream-rdbuf.cpp:{{[0-9]+:[0-9]+}}: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: ifstream-rdbuf.cpp:{{[0-9]+:[0-9]+}}: note: 'lambda in main' calls 'testSlurpFileStream' here
  return Body.str();
}

void testCopyFileStream(std::fstream &Journal, std::ostream &Out) {
  Out << Journal.rdbuf();
// CHECK: ifstream-rdbuf.cpp:[[@LINE-1]]:18: warning: blocking call to 'std::basic_fstream::rdbuf' on the event loop
// CHECK-NEXT: ifstream-rdbuf.cpp:{{[0-9]+:[0-9]+}}: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: ifstream-rdbuf.cpp:{{[0-9]+:[0-9]+}}: note: 'lambda in main' calls 'testCopyFileStream' here
}

std::string testCopyStringStream(std::istringstream &Request) {
  std::ostringstream Body;
  Body << Request.rdbuf(); // no-warning: a string's buffer, in memory
  return Body.str();
}

void testSlurpOnThread(const std::string &Path) {
  std::thread([Path] {
    std::ifstream In(Path);  // no-warning: a thread of its own
    std::ostringstream Body;
    Body << In.rdbuf();      // no-warning: a thread of its own
  }).detach();
}

int main() {
  asio::io_context Io;
  std::fstream Journal;
  std::istringstream Request("GET /");
  asio::post(Io, [&] {
    testSlurpFileStream("/var/lib/app/page");
    testCopyFileStream(Journal, std::cout);
    testCopyStringStream(Request);
    testSlurpOnThread("/var/lib/app/page");
  });
  Io.run();
}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
