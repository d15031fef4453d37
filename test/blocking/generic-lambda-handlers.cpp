// A generic lambda (auto parameters) passed straight to a registration API.
// The handler runs on the event loop, so its blocking calls must be reported.
// Previously missed: TraverseLambdaExpr walks only the specializations of a
// generic lambda's call operator, and nothing in this TU instantiates it (the
// mock async_read_some/post have empty bodies). With the real Boost.Asio the
// library's completion path usually instantiates the handler, so this mostly
// shows up with mocks, headers that fail to parse, or handlers stored
// type-erased before being called; walking the pattern when a generic
// lambda has no specializations (its non-dependent calls are resolved) would
// cover it.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <unistd.h>

namespace asio = boost::asio;

int main() {
  asio::io_context Io;
  asio::ip::tcp::socket Sock(Io);
  char Buf[64];
  Sock.async_read_some(asio::buffer(Buf, sizeof Buf), [](auto Ec, auto Bytes) {
    (void)Ec;
    (void)Bytes;
    usleep(10);
// CHECK: generic-lambda-handlers.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: generic-lambda-handlers.cpp:[[@LINE-5]]:55: note: lambda passed to 'async_read_some' runs on the event loop
  });
  asio::post(Io, [](auto &&...) {
    sleep(1);
// CHECK: generic-lambda-handlers.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: generic-lambda-handlers.cpp:[[@LINE-3]]:18: note: lambda passed to 'post' runs on the event loop
  });
  Io.run();
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
