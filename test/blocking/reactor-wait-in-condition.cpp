// A reactor whose wait is in the loop condition rather than in the body:
//   while (epoll_wait(...) >= 0) { ... }   for (; poll(...) >= 0;) ...
// Its body runs on the event loop exactly like the `for (;;) { epoll_wait();
// ... }` form in reactor.cpp, so the blocking calls in it must be reported.
// Previously missed: the extractor (traverseLoop/LoopScanner) scans only the
// loop body for a loop_waits call, never the condition (or a for-increment).
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

void testEpollWaitInWhileCondition(int Ep) {
  epoll_event Events[16];
  while (epoll_wait(Ep, Events, 16, -1) >= 0) {
    usleep(100);
// CHECK: reactor-wait-in-condition.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: reactor-wait-in-condition.cpp:[[@LINE-3]]:10: note: the loop in 'testEpollWaitInWhileCondition' waits in 'epoll_wait' here; its body runs on the event loop
  }
  usleep(100); // no-warning: after the loop
}

void testPollInForCondition(pollfd *Fds) {
  for (; poll(Fds, 1, -1) >= 0;)
    sleep(1);
// CHECK: reactor-wait-in-condition.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: reactor-wait-in-condition.cpp:[[@LINE-3]]:10: note: the loop in 'testPollInForCondition' waits in 'poll' here; its body runs on the event loop
}

int main() {
  testEpollWaitInWhileCondition(3);
  testPollInForCondition(nullptr);
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
