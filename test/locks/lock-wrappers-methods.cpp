// C++ lock wrappers recognised through their bodies: a free function locking
// the mutex it is given through a pointer (`m->lock()`), and methods locking
// a member of their object, mapped onto the object the call is made on (a
// global object's member is a global lock). A method that locks and unlocks
// inside is not a wrapper; a virtual one may dispatch elsewhere and is not
// followed.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mutex>
#include <unistd.h>

void lockIt(std::mutex *M) { M->lock(); }
void unlockIt(std::mutex *M) { M->unlock(); }

class Registry {
public:
  void lockTable() { TableMu.lock(); }
  void unlockTable() { TableMu.unlock(); }
  void bump() {
    std::lock_guard<std::mutex> G(TableMu);
    ++Count;
  }
  virtual void lockVirtually() { TableMu.lock(); }
  void testMethodCallingWrapperOnItself() {
    lockTable();
    usleep(3);
// CHECK: lock-wrappers-methods.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'TableMu' is held
// CHECK-NEXT: lock-wrappers-methods.cpp:[[@LINE-3]]:5: note: lock 'TableMu' acquired here
    unlockTable();
    usleep(4); // no-warning: released
  }

private:
  std::mutex TableMu;
  int Count = 0;
};

std::mutex StateMu;
Registry Reg;

void testPointerParamWrapper() {
  lockIt(&StateMu);
  sleep(1);
// CHECK: lock-wrappers-methods.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'StateMu' is held
// CHECK-NEXT: lock-wrappers-methods.cpp:[[@LINE-3]]:3: note: lock 'StateMu' acquired here
  unlockIt(&StateMu);
  sleep(2); // no-warning: released
}

void testMethodWrapperOnGlobalObject() {
  Reg.lockTable();
  usleep(1);
// CHECK: lock-wrappers-methods.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'Reg.TableMu' is held
// CHECK-NEXT: lock-wrappers-methods.cpp:[[@LINE-3]]:3: note: lock 'Reg.TableMu' acquired here
  Reg.unlockTable();
  usleep(2); // no-warning: released
}

void testLockAndUnlockInsideIsNotAWrapper() {
  Reg.bump();
  sleep(3); // no-warning: bump released its guard
}

void testVirtualMethodIsNotFollowed() {
  Reg.lockVirtually();
  sleep(4); // no-warning: virtual, an override may do something else
}

int main() {}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
