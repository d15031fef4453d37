// The clang-tidy module: the same checks, through clang-tidy's diagnostics,
// NOLINT and CheckOptions. Only what this TU shows is analysed.
// REQUIRES: clang-tidy
// RUN: %clang-tidy --checks='-*,stallscan-*' %s -- -std=c++17 %mockinc 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='warning:' --implicit-check-not='note:'
// RUN: %clang-tidy --checks='-*,stallscan-serialised-hot-path' \
// RUN:   --config='{CheckOptions: {stallscan-serialised-hot-path.min-statements: "1"}}' %s -- -std=c++17 %mockinc 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OPTION --implicit-check-not='warning:'
// The option applies with every check enabled too (whichever check runs
// first analyses for all of them).
// RUN: %clang-tidy --checks='-*,stallscan-*' \
// RUN:   --config='{CheckOptions: {stallscan-serialised-hot-path.min-statements: "1"}}' %s -- -std=c++17 %mockinc 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OPTION
#include <mock_asio.hpp>
#include <mutex>
#include <unistd.h>

std::mutex g_counter_mutex;
int g_counter;

void testSleepInHandler() {
  sleep(1);
  // CHECK: module.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop; use a timer {{.*}} [stallscan-blocking-in-event-loop]
  // CHECK: note: lambda passed to 'post' runs on the event loop
  // CHECK: note: 'lambda in main' calls 'testSleepInHandler' here
}

void testSuppressed() {
  sleep(2); // NOLINT(stallscan-blocking-in-event-loop)
}

void testSleepUnderLock() {
  std::lock_guard<std::mutex> Lock(g_counter_mutex);
  // OPTION: module.cpp:[[@LINE-1]]:31: warning: lock 'g_counter_mutex' serialises every request{{.*}}1 blocking call{{.*}} [stallscan-serialised-hot-path]
  // CHECK: module.cpp:[[@LINE-2]]:31: warning: lock 'g_counter_mutex' serialises every request {{.*}} [stallscan-serialised-hot-path]
  usleep(10);
  // CHECK: module.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
  // CHECK: note: lambda passed to 'post' runs on the event loop
  // CHECK: note: 'lambda in main' calls 'testSleepUnderLock' here
  // CHECK: module.cpp:[[@LINE-4]]:3: warning: blocking call to 'usleep' while lock 'g_counter_mutex' is held{{.*}} [stallscan-lock-held-while-blocking]
  // CHECK: note: lock 'g_counter_mutex' acquired here
}

void testTinySection() {
  std::lock_guard<std::mutex> Lock(g_counter_mutex);
  // OPTION: module.cpp:[[@LINE-1]]:31: warning: lock 'g_counter_mutex' serialises every request{{.*}}1 statement, 0 calls{{.*}} [stallscan-serialised-hot-path]
  ++g_counter;
}

int main() {
  boost::asio::io_context Io;
  boost::asio::post(Io, [] {
    testSleepInHandler();
    testSuppressed();
    testSleepUnderLock();
    testTinySection();
  });
  Io.run();
}
