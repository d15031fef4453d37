// A minimal Seastar (https://github.com/scylladb/seastar; no Debian package)
// for stallscan's tests, written from its public API: future<T> and its
// continuations (then, then_wrapped, finally, handle_exception), async() and
// seastar::thread (whose bodies may wait for a future with get()),
// smp::submit_to / invoke_on_all, app_template::run, timer<>::set_callback,
// do_with / repeat / parallel_for_each / do_for_each, and the DMA file API
// (open_file_dma, file::dma_write / flush / close). No Seastar code:
// declarations and empty bodies only, enough for the AST. (The real headers are one per
// module: <seastar/core/future.hh>, <seastar/core/thread.hh>...)
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>

namespace seastar {

template <typename T = void> class future;

template <> class future<void> {
public:
  template <typename Func> future then(Func &&func) noexcept { return {}; }
  template <typename Func> future then_wrapped(Func &&func) noexcept { return {}; }
  template <typename Func> future finally(Func &&func) noexcept { return {}; }
  template <typename Func> future handle_exception(Func &&func) noexcept { return {}; }
  void get();
  void wait() noexcept;
  bool available() const noexcept;
};

template <typename T> class future {
public:
  using value_type = T;
  template <typename Func> future<> then(Func &&func) noexcept { return {}; }
  template <typename Func> future<> then_wrapped(Func &&func) noexcept { return {}; }
  template <typename Func> future finally(Func &&func) noexcept { return {}; }
  template <typename Func> future handle_exception(Func &&func) noexcept { return {}; }
  T get();
  void wait() noexcept;
  bool available() const noexcept;
};

template <typename T = void> future<T> make_ready_future() noexcept { return {}; }
future<> sleep(std::chrono::milliseconds d);

struct thread_attributes {};

class thread {
public:
  thread() = default;
  template <typename Func> thread(Func func) {}
  template <typename Func> thread(thread_attributes attr, Func func) {}
  future<> join();
  static void yield();
};

template <typename Func, typename... Args> future<> async(Func &&func, Args &&...args) noexcept { return {}; }
template <typename Func, typename... Args>
future<> async(thread_attributes attr, Func &&func, Args &&...args) noexcept {
  return {};
}

template <typename... Args> future<> do_with(Args &&...args) { return {}; }
template <typename AsyncAction> future<> repeat(AsyncAction &&action) noexcept { return {}; }
template <typename Range, typename Func> future<> parallel_for_each(Range &&r, Func &&func) noexcept { return {}; }
template <typename Range, typename Func> future<> do_for_each(Range &&r, Func &&func) noexcept { return {}; }

class smp {
public:
  template <typename Func> static future<> submit_to(unsigned t, Func &&func) noexcept { return {}; }
  template <typename Func> static future<> invoke_on_all(Func &&func) noexcept { return {}; }
  static unsigned count;
};

template <typename Clock = std::chrono::steady_clock> class timer {
public:
  timer() noexcept;
  template <typename Func> explicit timer(Func &&callback) noexcept {}
  template <typename Func> void set_callback(Func &&callback) noexcept {}
  void arm(std::chrono::milliseconds delta) noexcept;
  void arm_periodic(std::chrono::milliseconds delta) noexcept;
};

class app_template {
public:
  app_template();
  int run(int ac, char **av, std::function<future<int>()> &&func) noexcept;
  int run(int ac, char **av, std::function<future<>()> &&func) noexcept;
  int run_deprecated(int ac, char **av, std::function<void()> &&func) noexcept;
};

// The file API: every operation returns a future, the reactor never waits.
enum class open_flags { rw = 02, ro = 00, wo = 01, create = 0100, truncate = 01000 };
inline open_flags operator|(open_flags a, open_flags b) {
  return open_flags(static_cast<int>(a) | static_cast<int>(b));
}
class file {
public:
  template <typename CharType>
  future<size_t> dma_write(uint64_t pos, const CharType *buffer, size_t len) noexcept;
  future<> flush() noexcept;
  future<> close() noexcept;
};
future<file> open_file_dma(std::string_view name, open_flags flags) noexcept;

} // namespace seastar
