// std::filesystem::exists/is_regular_file/is_directory have overloads taking
// a std::filesystem::file_status: they only inspect a value already fetched
// and never touch the disk. The status() call that produced the value is the
// blocking one and is reported; the pure overloads must not be.
// Currently reported: blocking.json lists these functions by name only, so
// every overload matches. The entry needs a condition on the argument type
// (e.g. "not if arg 0 is a std::filesystem::file_status"), or the pure
// overloads must be excluded by signature.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <filesystem>

namespace fs = std::filesystem;
namespace asio = boost::asio;

void testStatusThenPureQueries(const fs::path &P) {
  fs::file_status S = fs::status(P);
// CHECK: filesystem-file-status.cpp:[[@LINE-1]]:23: warning: blocking call to 'std::filesystem::status' on the event loop
// CHECK-NEXT: filesystem-file-status.cpp:[[@LINE+10]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: filesystem-file-status.cpp:[[@LINE+9]]:23: note: 'lambda in main' calls 'testStatusThenPureQueries' here
  bool A = fs::exists(S);          // no-warning: inspects a file_status value
  bool B = fs::is_regular_file(S); // no-warning: inspects a file_status value
  bool C = fs::is_directory(S);    // no-warning: inspects a file_status value
  (void)A, (void)B, (void)C;
}

int main() {
  asio::io_context Io;
  asio::post(Io, [] { testStatusThenPureQueries("/var/lib/app"); });
  Io.run();
}
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
// CHECK: exit-code: 1
