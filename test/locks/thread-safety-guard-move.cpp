// A scoped_lockable guard class (-Wthread-safety annotations, no catalog
// entry) that can be moved: the move constructor and move assignment hand
// ownership to the new guard, like unique_lock's; the moved-from guard's
// destructor releases nothing, and move assignment releases what the target
// owned.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <unistd.h>
#include <utility>

class __attribute__((capability("mutex"))) Mutex {
public:
  void Lock() __attribute__((acquire_capability()));
  void Unlock() __attribute__((release_capability()));
};

class __attribute__((scoped_lockable)) MovableLocker {
public:
  explicit MovableLocker(Mutex *Mu) __attribute__((acquire_capability(Mu)));
  MovableLocker(MovableLocker &&Other);
  MovableLocker &operator=(MovableLocker &&Other);
  ~MovableLocker() __attribute__((release_capability()));
};

Mutex AaaMu, BbbMu;

void testMovedIntoInnerGuard() {
  MovableLocker Outer(&AaaMu);
  {
    MovableLocker Inner(std::move(Outer));
    usleep(1);
// CHECK: thread-safety-guard-move.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'AaaMu' is held
// CHECK-NEXT: thread-safety-guard-move.cpp:[[@LINE-5]]:17: note: lock 'AaaMu' acquired here
  }
  sleep(1); // no-warning: Inner released AaaMu at the end of its scope
}

void testMoveAssignmentReleasesWhatTheTargetOwned() {
  {
    MovableLocker Target(&AaaMu);
    {
      MovableLocker Source(&BbbMu);
      Target = std::move(Source);
    }
    usleep(2);
// CHECK: thread-safety-guard-move.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'BbbMu' is held
// CHECK-NEXT: thread-safety-guard-move.cpp:[[@LINE-5]]:21: note: lock 'BbbMu' acquired here
  }
  sleep(2); // no-warning: AaaMu released by the assignment, BbbMu by Target
}

int main() {}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
