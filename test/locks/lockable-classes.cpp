// A class of the program's own with lock() and unlock() members (C++'s
// BasicLockable, what std::lock_guard accepts) is a lock: a spin lock on an
// atomic flag or an atomic<bool>, a class wrapping a pthread mutex. Calls to
// its lock(), unlock(), try_lock() (returning bool) and the *_shared forms
// lock the object, and a std::lock_guard / unique_lock of it is a guard. A
// class that refers to another object (`Mutex &m_`) is a guard of that
// object, not a lock; a class with lock() and no unlock() is not a lock.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <atomic>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <unistd.h>

class SpinLock {
public:
  void lock() {
    while (Flag.test_and_set(std::memory_order_acquire)) {
    }
  }
  bool try_lock() { return !Flag.test_and_set(std::memory_order_acquire); }
  void unlock() { Flag.clear(std::memory_order_release); }

private:
  std::atomic_flag Flag = ATOMIC_FLAG_INIT;
};

class BoolSpin {
public:
  void lock() {
    bool Expected = false;
    while (!Busy.compare_exchange_weak(Expected, true))
      Expected = false;
  }
  void unlock() { Busy.store(false); }

private:
  std::atomic<bool> Busy{false};
};

class PosixMutex {
public:
  void lock() { pthread_mutex_lock(&M); }
  void unlock() { pthread_mutex_unlock(&M); }

private:
  pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
};

/* Refers to a lock it does not own: a guard, not a lock. */
class Relocker {
public:
  explicit Relocker(PosixMutex &M) : M(M) {}
  void lock() { M.lock(); }
  void unlock() { M.unlock(); }

private:
  PosixMutex &M;
};

/* lock() without unlock(): not BasicLockable. */
class Cache {
public:
  std::shared_ptr<int> lock() { return Entry.lock(); }

private:
  std::weak_ptr<int> Entry;
};

SpinLock Spin;
BoolSpin Flag;
PosixMutex Posix;
Cache Entries;

void testSpinLockMembers() {
  Spin.lock();
  usleep(1);
// CHECK: lockable-classes.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'Spin' is held
// CHECK-NEXT: lockable-classes.cpp:[[@LINE-3]]:3: note: lock 'Spin' acquired here
  Spin.unlock();
  usleep(2); // no-warning: released
}

void testSpinLockGuard() {
  {
    std::lock_guard<SpinLock> Guard(Spin);
    sleep(1);
// CHECK: lockable-classes.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' while lock 'Spin' is held
// CHECK-NEXT: lockable-classes.cpp:[[@LINE-3]]:31: note: lock 'Spin' acquired here
  }
  sleep(2); // no-warning: the guard's scope ended
}

void testSpinTryLock() {
  if (Spin.try_lock()) {
    usleep(3);
// CHECK: lockable-classes.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while lock 'Spin' is held
// CHECK-NEXT: lockable-classes.cpp:[[@LINE-3]]:7: note: lock 'Spin' acquired here
    Spin.unlock();
  } else {
    usleep(4); // no-warning: busy
  }
}

void testAtomicBoolSpin() {
  Flag.lock();
  sleep(3);
// CHECK: lockable-classes.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' while lock 'Flag' is held
// CHECK-NEXT: lockable-classes.cpp:[[@LINE-3]]:3: note: lock 'Flag' acquired here
  Flag.unlock();
}

void testPosixMutexClass() {
  std::unique_lock<PosixMutex> Guard(Posix);
  usleep(5);
// CHECK: lockable-classes.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while lock 'Posix' is held
// CHECK-NEXT: lockable-classes.cpp:[[@LINE-3]]:32: note: lock 'Posix' acquired here
  Guard.unlock();
  usleep(6); // no-warning: released
}

void testRelockerIsNotALock() {
  Relocker R(Posix);
  R.unlock();
  usleep(7); // no-warning: nothing was locked here
}

void testWeakLockIsNotALock() {
  auto P = Entries.lock();
  usleep(8); // no-warning: weak_ptr::lock takes no lock
}

int main() {}
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
