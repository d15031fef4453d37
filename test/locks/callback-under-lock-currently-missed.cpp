// XFAIL: *
// A lambda passed to an algorithm that calls it synchronously (std::for_each,
// std::sort's comparator...) runs with the caller's lock held. stallscan gives
// such lambdas a "callback" call edge, and the event-loop check follows it,
// but callback edges never carry the caller's held locks (the extractor's
// addCall records no site for them, so LockFlow's held set is not attached),
// so the blocking call in the lambda is missed.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <algorithm>
#include <mutex>
#include <unistd.h>
#include <vector>

std::mutex QueueMutex;

void testForEachUnderLock(std::vector<int> &Delays) {
  std::lock_guard<std::mutex> Guard(QueueMutex);
  std::for_each(Delays.begin(), Delays.end(), [](int D) {
    usleep(D);
// CHECK: callback-under-lock-currently-missed.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'QueueMutex' is held
// CHECK-NEXT: callback-under-lock-currently-missed.cpp:[[@LINE-4]]:31: note: lock 'QueueMutex' acquired here
// CHECK-NEXT: callback-under-lock-currently-missed.cpp:{{[0-9]+:[0-9]+}}: note: 'testForEachUnderLock' calls 'lambda in testForEachUnderLock' here
  });
}

int main() {}
// CHECK: stallscan: 1 finding in 1 file (1 translation units)
// CHECK: exit-code: 1
