// A minimal cppcoro (https://github.com/lewissbaker/cppcoro) for stallscan's
// tests, written from its public API: cppcoro::task, the coroutine-aware
// async_mutex (lock_async / scoped_lock_async are awaited; the
// async_mutex_lock it yields unlocks on destruction), static_thread_pool and
// io_service (schedule(), process_events()), sync_wait and when_all. No
// cppcoro code: declarations only, enough for the AST. (The real library has
// one header per class: <cppcoro/task.hpp>, <cppcoro/async_mutex.hpp>...)
#pragma once
#include <coroutine>
#include <cstdint>
#include <mutex>

namespace cppcoro {

template <typename T = void> class task {
public:
  struct promise_type {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    template <typename U> void return_value(U &&) {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <> class task<void> {
public:
  struct promise_type {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() {}
};

class async_mutex;

class async_mutex_lock {
public:
  explicit async_mutex_lock(async_mutex &m, std::adopt_lock_t) noexcept;
  async_mutex_lock(async_mutex_lock &&other) noexcept;
  ~async_mutex_lock();

private:
  async_mutex *m_mutex;
};

class async_mutex_lock_operation {
public:
  bool await_ready() const noexcept;
  bool await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() const noexcept {}
};

class async_mutex_scoped_lock_operation : public async_mutex_lock_operation {
public:
  [[nodiscard]] async_mutex_lock await_resume() const noexcept;
};

class async_mutex {
public:
  async_mutex() noexcept;
  bool try_lock() noexcept;
  async_mutex_lock_operation lock_async() noexcept;
  async_mutex_scoped_lock_operation scoped_lock_async() noexcept;
  void unlock();

private:
  std::uintptr_t m_state;
};

class static_thread_pool {
public:
  class schedule_operation {
  public:
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept {}
  };
  static_thread_pool();
  explicit static_thread_pool(std::uint32_t threadCount);
  [[nodiscard]] schedule_operation schedule() noexcept;
};

class io_service {
public:
  class schedule_operation {
  public:
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept {}
  };
  io_service();
  [[nodiscard]] schedule_operation schedule() noexcept;
  std::uint64_t process_events();
  std::uint64_t process_one_event();
  std::uint64_t process_pending_events();
  void stop() noexcept;
};

template <typename AWAITABLE> auto sync_wait(AWAITABLE &&awaitable) {
  return static_cast<AWAITABLE &&>(awaitable).await_resume();
}

template <typename... AWAITABLES> task<void> when_all_ready(AWAITABLES &&...awaitables);

} // namespace cppcoro
