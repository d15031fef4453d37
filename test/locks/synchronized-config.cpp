// A member call that returns a guard object holding the lock while it lives
// (folly's Synchronized<T>::wlock() / rlock()) is declared in the config with
// "op": "returns-guard" / "returns-guard-shared"; the guard's own unlock() is
// a "guard-unlock". The lock is the object the call is made on. Without the
// config, wlock() is an ordinary call and nothing is reported.
// RUN: echo '{"catalog": {"locks": [{"names": ["mock::Synchronized::wlock"], "op": "returns-guard"}, {"names": ["mock::Synchronized::rlock"], "op": "returns-guard-shared"}, {"names": ["mock::Synchronized::LockedPtr::unlock"], "op": "guard-unlock"}]}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config %t.json %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --check-prefixes=CHECK,CONFIG --implicit-check-not=warning: --implicit-check-not=note:
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NOCONFIG --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_synchronized.h>
#include <map>
#include <string>
#include <unistd.h>

mock::Synchronized<std::map<std::string, int>> Sessions;

void testWriteLockedThenSleep() {
  auto Locked = Sessions.wlock();
  (*Locked)["a"] = 1;
  sleep(1);
// CONFIG: synchronized-config.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'Sessions' is held
// CONFIG-NEXT: synchronized-config.cpp:[[@LINE-4]]:17: note: lock 'Sessions' acquired here
}

void testReadLockedThenSleep() {
  auto Locked = Sessions.rlock();
  usleep(1);
// CONFIG: synchronized-config.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'Sessions' is held
// CONFIG-NEXT: synchronized-config.cpp:[[@LINE-3]]:17: note: lock 'Sessions' acquired here (shared)
}

void testGuardScopeEndsBeforeSleep() {
  {
    auto Locked = Sessions.wlock();
    Locked->erase("a");
  }
  sleep(2); // no-warning: the guard was destroyed at the end of its scope
}

void testGuardUnlockedBeforeSleep() {
  auto Locked = Sessions.wlock();
  Locked->clear();
  Locked.unlock();
  sleep(3); // no-warning: LockedPtr::unlock
}

void testTemporaryGuard() {
  Sessions.wlock()->clear();
  sleep(4); // no-warning: the temporary guard is gone at the end of the statement
}

int main() {}
// CONFIG: stallscan: 2 findings in 1 file (1 translation units)
// NOCONFIG: stallscan: 0 findings in 0 files (1 translation units)
// CHECK: exit-code:
