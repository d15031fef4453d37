// A file stream constructed on a literal pseudo-filesystem path (procfs,
// sysfs) or a device that never waits opens no disk file, as open() and
// fopen() of the same paths do not (pseudo-filesystems.c): doctest's
// isDebuggerActive reads /proc/self/status so. A real path, or one passed
// in, is still reported.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <fstream>
#include <string>

namespace asio = boost::asio;

bool testProcStatusStream() {
  std::ifstream In("/proc/self/status"); // no-warning: procfs
  return In.good();
}

bool testDeviceStream() {
  std::ofstream Null("/dev/null"); // no-warning: a device that never waits
  return Null.good();
}

bool testRealFileStream(const std::string &Path) {
  std::ifstream Hosts("/etc/hosts");
// CHECK: pseudo-filesystems-fstream.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: note: 'lambda in main' calls 'testRealFileStream' here
  std::ifstream Given(Path);
// CHECK: pseudo-filesystems-fstream.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: note: 'lambda in main' calls 'testRealFileStream' here
  return Hosts.good() && Given.good();
}

int main() {
  asio::io_context Io;
  asio::post(Io, [] {
    testProcStatusStream();
    testDeviceStream();
    testRealFileStream("/var/lib/app/state");
  });
  Io.run();
}
