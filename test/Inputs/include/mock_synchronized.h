// A minimal folly::Synchronized look-alike: wlock() / rlock() return a guard
// object that holds the lock while it lives and gives access to the data.
#pragma once
#include <shared_mutex>

namespace mock {

template <typename T> class Synchronized {
public:
  class LockedPtr {
  public:
    LockedPtr(Synchronized *S, bool Shared) : S(S), Shared(Shared) {
      if (Shared)
        S->Mu.lock_shared();
      else
        S->Mu.lock();
    }
    LockedPtr(LockedPtr &&O) : S(O.S), Shared(O.Shared) { O.S = nullptr; }
    ~LockedPtr() { unlock(); }
    void unlock() {
      if (!S)
        return;
      if (Shared)
        S->Mu.unlock_shared();
      else
        S->Mu.unlock();
      S = nullptr;
    }
    T *operator->() { return &S->Data; }
    T &operator*() { return S->Data; }

  private:
    Synchronized *S;
    bool Shared;
  };

  LockedPtr wlock() { return LockedPtr(this, false); }
  LockedPtr rlock() { return LockedPtr(this, true); }

private:
  std::shared_mutex Mu;
  T Data;
};

} // namespace mock
