// Member mutexes of two different objects. stallscan still keys a member
// lock by its field ("field:Account::Mu"), whatever the object, but counts
// acquisitions per key: after To.Mu is released, one Account::Mu acquisition
// is still held, so a blocking call made while From.Mu is held is reported,
// named after the first acquisition.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <unistd.h>

struct Account {
  std::mutex Mu;
  long Balance = 0;
};

void testInnerGuardOnAnotherObject(Account &From, Account &To) {
  std::lock_guard<std::mutex> OuterGuard(From.Mu);
  {
    std::lock_guard<std::mutex> InnerGuard(To.Mu);
    To.Balance += 1;
  }
  sleep(1);
// CHECK: member-lock-instances.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'From.Mu' is held
// CHECK-NEXT: member-lock-instances.cpp:[[@LINE-7]]:31: note: lock 'From.Mu' acquired here
}

void testUnlockAnotherObject(Account &From, Account &To) {
  From.Mu.lock();
  To.Mu.lock();
  To.Mu.unlock();
  sleep(2);
// CHECK: member-lock-instances.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'From.Mu' is held
// CHECK-NEXT: member-lock-instances.cpp:[[@LINE-5]]:3: note: lock 'From.Mu' acquired here
  From.Mu.unlock();
}

int main() {}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
