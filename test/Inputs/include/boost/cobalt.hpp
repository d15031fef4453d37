// A minimal Boost.Cobalt (https://github.com/boostorg/cobalt, Boost >= 1.84;
// Debian 12 has Boost 1.74 without it) for stallscan's tests, written from
// its public API: cobalt::task and promise, co_main, cobalt::run (runs a task
// to completion on a fresh io_context: it blocks its caller),
// cobalt::spawn(executor, task, token), channel<T>'s awaited read/write.
// No Cobalt code: declarations only, enough for the AST.
#pragma once
#include <coroutine>

namespace boost {
namespace asio {
class io_context;
class thread_pool;
struct any_io_executor {};
} // namespace asio
namespace cobalt {

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

class main {
public:
  struct promise_type {
    main get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() {}
  };
};

template <typename T> T run(task<T> t);
void run(task<void> t);

struct detached_t {};
constexpr detached_t detached{};

template <typename T, typename Token>
void spawn(asio::io_context &context, task<T> &&t, Token &&token);
template <typename T, typename Token>
void spawn(asio::thread_pool &context, task<T> &&t, Token &&token);
template <typename T, typename Token>
void spawn(asio::any_io_executor executor, task<T> &&t, Token &&token);

template <typename T> class channel {
public:
  struct read_op {
    bool await_ready() noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    T await_resume();
  };
  struct write_op {
    bool await_ready() noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume();
  };
  explicit channel(unsigned limit = 0u);
  read_op read();
  write_op write(T value);
};

} // namespace cobalt
} // namespace boost

auto co_main(int argc, char *argv[]) -> boost::cobalt::main;
