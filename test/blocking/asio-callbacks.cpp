// Boost.Asio completion handlers: lambdas, member functions through std::bind,
// posts to an io_context are loop roots; posts to a thread_pool, std::thread
// bodies and code before io_context::run() are not.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <thread>
#include <unistd.h>

namespace asio = boost::asio;
using asio::ip::tcp;

class Session {
public:
  explicit Session(asio::io_context &io) : Sock(io), Resolver(io) {}

  void start() {
    Sock.async_read_some(asio::buffer(Buf, sizeof Buf),
                         [this](boost::system::error_code, std::size_t) {
                           testBlockingInLambdaHandler();
                         });
    asio::async_write(Sock, asio::buffer(Buf, 1),
                      std::bind(&Session::onWrite, this));
  }

  void testBlockingInLambdaHandler() {
    std::this_thread::sleep_for(std::chrono::seconds(1));
// CHECK: asio-callbacks.cpp:[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' on the event loop; use a timer
// CHECK-NEXT: asio-callbacks.cpp:[[@LINE-10]]:26: note: lambda passed to 'async_read_some' runs on the event loop
// CHECK-NEXT: asio-callbacks.cpp:[[@LINE-10]]:28: note: 'lambda in Session::start' calls 'Session::testBlockingInLambdaHandler' here
    Resolver.resolve("example.org", "80");
// CHECK: asio-callbacks.cpp:[[@LINE-1]]:14: warning: blocking call to 'boost::asio::ip::basic_resolver::resolve' on the event loop
// CHECK-COUNT-2: note:
    Sock.read_some(asio::buffer(Buf, 1));
// CHECK: asio-callbacks.cpp:[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_stream_socket::read_some' on the event loop; use the async_* form
// CHECK-COUNT-2: note:
    Sock.async_read_some(asio::buffer(Buf, 1), [](boost::system::error_code, std::size_t) {}); // no-warning: async twin
    std::future<int> F;
    F.wait_for(std::chrono::seconds(0)); // no-warning: polls
    std::fprintf(stderr, "read\n");      // no-warning: console logging
  }

  void onWrite() {
    std::ofstream Log("/tmp/log", std::ios::app);
// CHECK: asio-callbacks.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ofstream::basic_ofstream' on the event loop
// CHECK-NEXT: asio-callbacks.cpp:[[@LINE-23]]:23: note: 'Session::onWrite' passed to 'async_write' runs on the event loop
  }

private:
  tcp::socket Sock;
  tcp::resolver Resolver;
  char Buf[512];
};

int main() {
  asio::io_context Io;
  std::ifstream Config("/etc/app.conf"); // no-warning: before the loop runs
  asio::thread_pool Pool;
  asio::post(Pool, [] { sleep(1); });     // no-warning: offloaded to a pool
  std::thread Flusher([] { usleep(10); }); // no-warning: own thread
  asio::post(Io, [] { usleep(1); });
// CHECK: asio-callbacks.cpp:[[@LINE-1]]:23: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: asio-callbacks.cpp:[[@LINE-2]]:18: note: lambda passed to 'post' runs on the event loop
  Session S(Io);
  S.start();
  Io.run(); // no-warning: the loop runner itself, outside any handler
  Flusher.join();
}
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
// CHECK: architecture: asynchronous
// CHECK: exit-code: 1
