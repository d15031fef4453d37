// Loop roots named by the user: functions annotated
// [[clang::annotate("stallscan::event_loop")]], and functions whose name
// matches an "event_loop_functions" glob in the config file.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NOCONFIG --implicit-check-not=warning: --implicit-check-not=note:
// RUN: echo '{"event_loop_functions": ["Server::on*"]}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config %t.json %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,CONFIG --implicit-check-not=warning: --implicit-check-not=note:
#include <cstdio>
#include <unistd.h>

[[clang::annotate("stallscan::event_loop")]] void testAnnotatedFunctionSleeps() {
  sleep(1);
// CHECK: annotations-and-config.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: annotations-and-config.cpp:[[@LINE-3]]:51: note: 'testAnnotatedFunctionSleeps' is annotated as running on the event loop
}

void testUnannotatedTwinSleeps() {
  sleep(1); // no-warning: not annotated, not called from a loop root
}

[[clang::annotate("something_else")]] void testOtherAnnotationSleeps() {
  sleep(1); // no-warning: a different annotation
}

void helperCalledFromAnnotated() {
  usleep(10);
// CHECK: annotations-and-config.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop; use a timer
// CHECK-NEXT: annotations-and-config.cpp:[[@LINE+7]]:6: note: 'testAnnotatedOnDeclarationOnly' is annotated as running on the event loop
// CHECK-NEXT: annotations-and-config.cpp:[[@LINE+7]]:3: note: 'testAnnotatedOnDeclarationOnly' calls 'helperCalledFromAnnotated' here
}

// The annotation is on a previous declaration; the definition has none.
[[clang::annotate("stallscan::event_loop")]] void testAnnotatedOnDeclarationOnly();

void testAnnotatedOnDeclarationOnly() {
  helperCalledFromAnnotated();
  std::fprintf(stderr, "tick\n"); // no-warning: console logging
}

class Server {
public:
  void onRequest();
  void onTimer();
  void handleAdmin();
};

void Server::onRequest() {
  std::FILE *F = std::fopen("/var/cache/page", "r");
// CONFIG: annotations-and-config.cpp:[[@LINE-1]]:18: warning: blocking call to 'fopen' on the event loop
// CONFIG-NEXT: annotations-and-config.cpp:[[@LINE-3]]:14: note: 'Server::onRequest' matches the event-loop pattern 'Server::on*' from the config
  std::fclose(F);
// CONFIG: annotations-and-config.cpp:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
// CONFIG-NEXT: annotations-and-config.cpp:[[@LINE-6]]:14: note: 'Server::onRequest' matches the event-loop pattern 'Server::on*' from the config
}

void Server::onTimer() {
  usleep(100);
// CONFIG: annotations-and-config.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
// CONFIG-NEXT: annotations-and-config.cpp:[[@LINE-3]]:14: note: 'Server::onTimer' matches the event-loop pattern 'Server::on*' from the config
}

void Server::handleAdmin() {
  usleep(100); // no-warning: does not match 'Server::on*'
}

int main() {
  Server S;
  S.handleAdmin();
  testUnannotatedTwinSleeps();
  testOtherAnnotationSleeps();
}
// NOCONFIG: stallscan: 2 findings in 1 file (1 translation units)
// CONFIG: stallscan: 5 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
