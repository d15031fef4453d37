// A minimal libcoro (https://github.com/jbaldwin/libcoro) for stallscan's
// tests, written from its public API: coro::task, the coroutine-aware
// coro::mutex (its lock() is an awaitable, not a thread-blocking lock),
// coro::shared_mutex, coro::semaphore, coro::thread_pool and coro::scheduler
// (schedule(), spawn_*, yield), coro::sync_wait and coro::when_all. No
// libcoro code: declarations only, enough for the AST.
#pragma once
#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>
#include <vector>

namespace coro {

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

class mutex;

class scoped_lock {
public:
  explicit scoped_lock(mutex &m);
  scoped_lock(scoped_lock &&other) noexcept;
  ~scoped_lock();
  void unlock();

private:
  mutex *m_mutex{nullptr};
};

namespace detail {
template <typename R> struct lock_operation {
  explicit lock_operation(mutex &m) : m_mutex(m) {}
  bool await_ready() const noexcept;
  bool await_suspend(std::coroutine_handle<>) noexcept;
  R await_resume() noexcept;
  mutex &m_mutex;
};
} // namespace detail

class mutex {
public:
  mutex() noexcept {}
  [[nodiscard]] detail::lock_operation<coro::scoped_lock> scoped_lock();
  [[nodiscard]] detail::lock_operation<void> lock();
  [[nodiscard]] bool try_lock();
  void unlock();

private:
  std::atomic<void *> m_state;
};

template <typename executor_type> class shared_mutex {
public:
  explicit shared_mutex(std::shared_ptr<executor_type> e);
  [[nodiscard]] task<void> lock();
  [[nodiscard]] task<void> lock_shared();
  [[nodiscard]] bool try_lock();
  [[nodiscard]] task<void> unlock();
  [[nodiscard]] task<void> unlock_shared();
};

class semaphore {
public:
  explicit semaphore(std::ptrdiff_t max);
  [[nodiscard]] task<bool> acquire();
  [[nodiscard]] task<void> release();
  bool try_acquire();
};

class thread_pool {
public:
  struct schedule_operation {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept {}
  };
  struct options {
    std::size_t thread_count;
  };
  static std::unique_ptr<thread_pool> make_unique(options opts);
  static std::unique_ptr<thread_pool> make_unique();
  [[nodiscard]] schedule_operation schedule();
  template <typename R> [[nodiscard]] task<R> schedule(task<R> t);
  bool spawn_detached(task<void> &&t) noexcept;
  task<void> spawn_joinable(task<void> &&t) noexcept;
  [[nodiscard]] schedule_operation yield();
  void shutdown() noexcept;
};

class scheduler {
public:
  struct schedule_operation {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept {}
  };
  struct options {};
  static std::unique_ptr<scheduler> make_unique(options opts);
  static std::unique_ptr<scheduler> make_unique();
  std::size_t process_events(std::chrono::milliseconds timeout = std::chrono::milliseconds{0});
  [[nodiscard]] schedule_operation schedule();
  template <typename R> [[nodiscard]] task<R> schedule(task<R> t);
  bool spawn_detached(task<void> &&t);
  task<void> spawn_joinable(task<void> &&t);
  [[nodiscard]] task<void> schedule_after(std::chrono::milliseconds amount);
  [[nodiscard]] schedule_operation yield();
  [[nodiscard]] task<void> yield_for(std::chrono::milliseconds amount);
  void shutdown() noexcept;
};
using io_scheduler = scheduler; // its name before libcoro 0.15

template <typename awaitable_type> auto sync_wait(awaitable_type &&a) {
  return static_cast<awaitable_type &&>(a).await_resume();
}

template <typename T>
task<std::vector<task<T>>> when_all(std::vector<task<T>> tasks);

} // namespace coro
