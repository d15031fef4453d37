// C11 lock functions declared by the program itself in a C++ TU, without
// <threads.h> (as the Clang Static Analyzer's own test does): lock APIs are
// recognised by their declaration's name wherever they are declared, like
// the catalog's blocking functions.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
extern "C" {
struct mtx_t;
int mtx_lock(mtx_t *);
int mtx_trylock(mtx_t *);
int mtx_unlock(mtx_t *);
unsigned sleep(unsigned);
int usleep(unsigned);
}

void testLockedThenUnlocked(mtx_t *Mu) {
  mtx_lock(Mu);
  sleep(1);
// CHECK: c11-locks-declared-in-program.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'Mu' is held
// CHECK-NEXT: c11-locks-declared-in-program.cpp:[[@LINE-3]]:3: note: lock 'Mu' acquired here
  mtx_unlock(Mu);
  usleep(1); // no-warning: unlocked
}

void testTrylockTested(mtx_t *Mu) {
  if (mtx_trylock(Mu) == 0) {
    sleep(2);
// CHECK: c11-locks-declared-in-program.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'Mu' is held
// CHECK-NEXT: c11-locks-declared-in-program.cpp:[[@LINE-3]]:7: note: lock 'Mu' acquired here
    mtx_unlock(Mu);
  } else {
    usleep(2); // no-warning: busy
  }
}

int main() {}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
