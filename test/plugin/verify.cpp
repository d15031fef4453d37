// The compiler plugin in an ordinary compile, checked with clang's -verify:
// every warning and note must be expected below, and nothing else appears.
// RUN: %clang-plugin -std=c++17 %mockinc -fsyntax-only -Xclang -verify %s
// The -Xclang -load ... -add-plugin form runs the same plugin.
// RUN: %clangxx -std=c++17 %mockinc -fsyntax-only -Xclang -verify \
// RUN:   -Xclang -load -Xclang %plugin-so -Xclang -add-plugin -Xclang stallscan %s
#include <mock_asio.hpp>
#include <mutex>
#include <thread>
#include <unistd.h>

std::mutex g_mutex;

void testSleepInHandler() {
  sleep(1); // expected-warning {{blocking call to 'sleep' on the event loop; use a timer}}
}

void testHelperUnderLock() {
  std::lock_guard<std::mutex> Lock(g_mutex); // expected-warning {{lock 'g_mutex' serialises every request (a global, reached from 1 request entry point)}} expected-note {{lock 'g_mutex' acquired here}}
  usleep(10); // expected-warning {{blocking call to 'usleep' on the event loop}} expected-warning {{blocking call to 'usleep' while lock 'g_mutex' is held}}
}

// Not on the loop: handed to a thread, so the same call stays quiet.
void testOffloaded() { sleep(3); }

// Never reached from a handler.
void testUnreachable() { sleep(4); }

// Suppressed with clang-tidy's comment syntax.
void testNolint() {
  sleep(5); // NOLINT(stallscan-blocking-in-event-loop)
}

int main() {
  boost::asio::io_context Io;
  boost::asio::post(Io, [] { // expected-note 2 {{lambda passed to 'post' runs on the event loop}}
    testSleepInHandler(); // expected-note {{'lambda in main' calls 'testSleepInHandler' here}}
    testHelperUnderLock(); // expected-note {{'lambda in main' calls 'testHelperUnderLock' here}}
    testNolint();
    std::thread(testOffloaded).detach();
  });
  Io.run();
}
