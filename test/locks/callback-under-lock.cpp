// A lambda or function passed to a call that runs it before returning
// (std::for_each, a std::sort comparator, std::visit...: the catalog's
// "sync_callers") runs with the caller's locks held. A lambda handed to
// anything else (stored in a container, given to an unknown function) may run
// later, after the lock is released: it inherits nothing.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <algorithm>
#include <functional>
#include <mutex>
#include <unistd.h>
#include <vector>

std::mutex QueueMutex;
std::vector<std::function<void()>> Later;

void testForEachUnderLock(std::vector<int> &Delays) {
  std::lock_guard<std::mutex> Guard(QueueMutex);
  std::for_each(Delays.begin(), Delays.end(), [](int D) {
    usleep(D);
// CHECK: callback-under-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'QueueMutex' is held
// CHECK-NEXT: callback-under-lock.cpp:[[@LINE-4]]:31: note: lock 'QueueMutex' acquired here
// CHECK-NEXT: callback-under-lock.cpp:[[@LINE-4]]:47: note: 'testForEachUnderLock' calls 'lambda in testForEachUnderLock' here
  });
}

void testSortComparatorUnderLock(std::vector<int> &Ids) {
  QueueMutex.lock();
  std::sort(Ids.begin(), Ids.end(), [](int A, int B) {
    sleep(1);
// CHECK: callback-under-lock.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'QueueMutex' is held
// CHECK-NEXT: callback-under-lock.cpp:[[@LINE-4]]:3: note: lock 'QueueMutex' acquired here
// CHECK-NEXT: callback-under-lock.cpp:[[@LINE-4]]:37: note: 'testSortComparatorUnderLock' calls 'lambda in testSortComparatorUnderLock' here
    return A < B;
  });
  QueueMutex.unlock();
}

void napFor(int D) {
  usleep(D);
// CHECK: callback-under-lock.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'QueueMutex' is held
// CHECK-NEXT: callback-under-lock.cpp:[[@LINE+4]]:31: note: lock 'QueueMutex' acquired here
// CHECK-NEXT: callback-under-lock.cpp:[[@LINE+4]]:47: note: 'testFunctionPassedUnderLock' calls 'napFor' here
}
void testFunctionPassedUnderLock(std::vector<int> &Delays) {
  std::lock_guard<std::mutex> Guard(QueueMutex);
  std::for_each(Delays.begin(), Delays.end(), napFor);
}

void testLambdaStoredUnderLockRunsLater() {
  std::lock_guard<std::mutex> Guard(QueueMutex);
  Later.push_back([] { sleep(2); }); // no-warning: runs later, not under this lock
}

void testForEachWithoutLock(std::vector<int> &Delays) {
  std::for_each(Delays.begin(), Delays.end(), [](int D) {
    sleep(D); // no-warning: no lock held
  });
}

int main() {}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
