// Mock of the Boost.Asio surface stallscan models: same names and shapes,
// no implementation. Included with -isystem, like the real one.
#pragma once
#include <cstddef>
#include <utility>
#if __cplusplus >= 202002L
#include <coroutine>
#endif
namespace boost {
namespace system {
struct error_code {};
} // namespace system
namespace asio {
class io_context {
public:
  std::size_t run();
  std::size_t run_one();
  std::size_t poll();
  struct executor_type {};
  executor_type get_executor();
};
class thread_pool {
public:
  explicit thread_pool(int threads = 4);
  struct basic_executor_type {};
  basic_executor_type get_executor();
  void join();
};
struct use_awaitable_t {};
constexpr use_awaitable_t use_awaitable{};
struct detached_t {};
constexpr detached_t detached{};
#if __cplusplus >= 202002L
template <class T = void> struct awaitable {
  struct promise_type {
    awaitable get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  T await_resume();
};
template <> struct awaitable<void> {
  struct promise_type {
    awaitable get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
template <class E, class T> void co_spawn(E &, awaitable<T>, detached_t) {}
#endif
struct mutable_buffer {};
mutable_buffer buffer(void *, std::size_t);
template <class Protocol> class basic_socket {
public:
  void connect(int endpoint);
  template <class H> void async_connect(int endpoint, H &&handler) {}
};
template <class Protocol> class basic_stream_socket : public basic_socket<Protocol> {
public:
  explicit basic_stream_socket(io_context &);
  std::size_t read_some(mutable_buffer);
  std::size_t write_some(mutable_buffer);
  template <class H> void async_read_some(mutable_buffer, H &&handler) {}
  template <class H> void async_write_some(mutable_buffer, H &&handler) {}
#if __cplusplus >= 202002L
  awaitable<std::size_t> async_read_some(mutable_buffer, use_awaitable_t);
#endif
};
template <class Protocol> class basic_socket_acceptor {
public:
  explicit basic_socket_acceptor(io_context &);
  template <class S> void accept(S &);
  template <class S, class H> void async_accept(S &, H &&handler) {}
};
template <class Clock> class basic_waitable_timer {
public:
  explicit basic_waitable_timer(io_context &);
  void expires_after(int);
  void wait();
  template <class H> void async_wait(H &&handler) {}
#if __cplusplus >= 202002L
  awaitable<void> async_wait(use_awaitable_t);
#endif
};
using steady_timer = basic_waitable_timer<int>;
namespace ip {
template <class P> class basic_resolver {
public:
  explicit basic_resolver(io_context &);
  int resolve(const char *host, const char *service);
  template <class H> void async_resolve(const char *, const char *, H &&) {}
};
class tcp {
public:
  using socket = basic_stream_socket<tcp>;
  using acceptor = basic_socket_acceptor<tcp>;
  using resolver = basic_resolver<tcp>;
};
} // namespace ip
template <class S> std::size_t read(S &, mutable_buffer);
template <class S> std::size_t write(S &, mutable_buffer);
template <class S, class H> void async_read(S &, mutable_buffer, H &&handler) {}
template <class S, class H> void async_write(S &, mutable_buffer, H &&handler) {}
template <class E, class H> void post(E &, H &&handler) {}
template <class E, class H> void dispatch(E &, H &&handler) {}
template <class E, class H> void post(const E &, H &&handler) {}
} // namespace asio
} // namespace boost
