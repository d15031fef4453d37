// A minimal folly (https://github.com/facebook/folly; no Debian package) for
// stallscan's tests, written from its public API: EventBase (runInLoop,
// runInEventBaseThread[AndWait], runAfterDelay, scheduleAt, loop,
// loopForever), the AsyncSocket / AsyncServerSocket callback interfaces,
// executors (CPUThreadPoolExecutor, IOThreadPoolExecutor, KeepAlive),
// futures (via, get, wait), folly::coro::Task and blockingWait. No folly
// code: declarations and empty bodies only, enough for the AST. (The real library has one
// header per class: <folly/io/async/EventBase.h>...)
#pragma once
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace folly {

class IOBuf;
class SocketAddress;
class AsyncSocketException : public std::exception {};
using NetworkSocket = int;

class Executor {
public:
  virtual ~Executor() = default;
  virtual void add(std::function<void()> func) = 0;
  template <typename ExecutorT = Executor> class KeepAlive {
  public:
    KeepAlive() = default;
    KeepAlive(ExecutorT *executor);
    template <typename OtherT> KeepAlive(KeepAlive<OtherT> other) {}
    ExecutorT *get() const;
  };
};

template <typename ExecutorT> Executor::KeepAlive<ExecutorT> getKeepAliveToken(ExecutorT *executor) {
  return {executor};
}

class TimeoutManager {
public:
  void runAfterDelay(std::function<void()> cob, uint32_t milliseconds);
  bool tryRunAfterDelay(std::function<void()> cob, uint32_t milliseconds);
};

class EventBase : public Executor, public TimeoutManager {
public:
  class LoopCallback {
  public:
    virtual ~LoopCallback() = default;
    virtual void runLoopCallback() noexcept = 0;
  };
  EventBase();
  bool loop();
  bool loopOnce(int flags = 0);
  void loopForever();
  void terminateLoopSoon();
  void runInLoop(LoopCallback *callback, bool thisIteration = false);
  template <typename Func> void runInLoop(Func c, bool thisIteration = false) {}
  template <typename Func> void runInEventBaseThread(Func fn) noexcept {}
  template <typename Func> void runInEventBaseThreadAlwaysEnqueue(Func fn) noexcept {}
  template <typename Func> void runInEventBaseThreadAndWait(Func fn) noexcept {}
  template <typename Func> void runImmediatelyOrRunInEventBaseThread(Func fn) noexcept {}
  template <typename Func> void runOnDestruction(Func f) {}
  void add(std::function<void()> fn) override;
  void scheduleAt(std::function<void()> &&fn, std::chrono::steady_clock::time_point const &timeout);
  bool isInEventBaseThread() const;
};

class AsyncTimeout {
public:
  explicit AsyncTimeout(EventBase *eventBase);
  virtual ~AsyncTimeout() = default;
  virtual void timeoutExpired() noexcept = 0;
  bool scheduleTimeout(uint32_t milliseconds);
};

class AsyncReader {
public:
  class ReadCallback {
  public:
    virtual ~ReadCallback() = default;
    virtual void getReadBuffer(void **bufReturn, size_t *lenReturn) = 0;
    virtual void readDataAvailable(size_t len) noexcept = 0;
    virtual bool isBufferMovable() noexcept { return false; }
    virtual void readBufferAvailable(std::unique_ptr<IOBuf> readBuf) noexcept;
    virtual void readEOF() noexcept = 0;
    virtual void readErr(const AsyncSocketException &ex) noexcept = 0;
  };
};

class AsyncWriter {
public:
  class WriteCallback {
  public:
    virtual ~WriteCallback() = default;
    virtual void writeSuccess() noexcept = 0;
    virtual void writeErr(size_t bytesWritten, const AsyncSocketException &ex) noexcept = 0;
  };
};

class AsyncTransport : public AsyncReader, public AsyncWriter {
public:
  virtual void setReadCB(ReadCallback *callback) = 0;
  virtual void write(WriteCallback *callback, const void *buf, size_t bytes) = 0;
  virtual EventBase *getEventBase() const = 0;
};

class AsyncSocket : public AsyncTransport {
public:
  using UniquePtr = std::unique_ptr<AsyncSocket>;
  class ConnectCallback {
  public:
    virtual ~ConnectCallback() = default;
    virtual void connectSuccess() noexcept = 0;
    virtual void connectErr(const AsyncSocketException &ex) noexcept = 0;
  };
  AsyncSocket(EventBase *evb, NetworkSocket fd);
  void setReadCB(ReadCallback *callback) override;
  void write(WriteCallback *callback, const void *buf, size_t bytes) override;
  EventBase *getEventBase() const override;
  void connect(ConnectCallback *callback, const SocketAddress &address);
};

class AsyncServerSocket {
public:
  class AcceptCallback {
  public:
    virtual ~AcceptCallback() = default;
    virtual void connectionAccepted(NetworkSocket fd, const SocketAddress &clientAddr) noexcept = 0;
    virtual void acceptError(std::exception_ptr ex) noexcept {}
    virtual void acceptStarted() noexcept {}
    virtual void acceptStopped() noexcept {}
  };
  explicit AsyncServerSocket(EventBase *evb);
  void bind(uint16_t port);
  void listen(int backlog);
  void addAcceptCallback(AcceptCallback *callback, EventBase *evb);
  void startAccepting();
};

class ThreadPoolExecutor : public Executor {
public:
  explicit ThreadPoolExecutor(size_t numThreads);
};
class CPUThreadPoolExecutor : public ThreadPoolExecutor {
public:
  explicit CPUThreadPoolExecutor(size_t numThreads);
  void add(std::function<void()> func) override;
};
class IOThreadPoolExecutor : public ThreadPoolExecutor {
public:
  explicit IOThreadPoolExecutor(size_t numThreads);
  void add(std::function<void()> func) override;
  EventBase *getEventBase();
};

// <folly/File.h>: a constructor given a path opens the file.
class File {
public:
  File() noexcept;
  explicit File(int fd, bool ownsFd = false) noexcept;
  explicit File(const char *name, int flags = 0, unsigned mode = 0666);
  explicit File(const std::string &name, int flags = 0, unsigned mode = 0666);
  int fd() const;
  void close();
};

// <folly/FileUtil.h>
template <class Container> bool readFile(const char *file_name, Container &out);
template <class Container> bool writeFile(const Container &data, const char *filename);

struct Unit {};

template <typename T> class Future {
public:
  T get() &&;
  Future<T> &wait() &;
  template <typename F> Future<Unit> thenValue(F &&func) && { return {}; }
  Future<T> via(Executor::KeepAlive<> executor) &&;
};
template <typename T> class SemiFuture {
public:
  T get() &&;
  SemiFuture<T> &wait() &;
  Future<T> via(Executor::KeepAlive<> executor) &&;
};

template <typename Func> Future<Unit> via(Executor::KeepAlive<> executor, Func &&func) {
  return {};
}
Future<Unit> via(Executor::KeepAlive<> executor);

namespace coro {
template <typename T = void> class Task {
public:
  struct promise_type {
    Task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    template <typename U> void return_value(U &&) {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
template <> class Task<void> {
public:
  struct promise_type {
    Task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() {}
};

namespace detail {
struct blocking_wait_fn {
  template <typename Awaitable> auto operator()(Awaitable &&awaitable) const {
    return static_cast<Awaitable &&>(awaitable).await_resume();
  }
};
} // namespace detail
inline constexpr detail::blocking_wait_fn blockingWait{};

class Mutex {
public:
  struct LockOperation {
    bool await_ready() noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept {}
  };
  bool try_lock() noexcept;
  [[nodiscard]] LockOperation co_lock() noexcept;
  [[nodiscard]] LockOperation co_scoped_lock() noexcept;
  void unlock() noexcept;
};
} // namespace coro

} // namespace folly
