// A minimal evpp EventLoop of stallscan's own, written from evpp's public
// API (names and signatures only) for the tests in test/frameworks/.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

struct event_base;

namespace evpp {
class Duration {
public:
  Duration();
  explicit Duration(double seconds);
};

class InvokeTimer {
public:
  void Cancel();
};
typedef std::shared_ptr<InvokeTimer> InvokeTimerPtr;

class EventLoop {
public:
  typedef std::function<void()> Functor;
  EventLoop();
  explicit EventLoop(struct event_base *base);
  ~EventLoop();
  void Run();
  void Stop();
  InvokeTimerPtr RunAfter(double delay_ms, const Functor &f);
  InvokeTimerPtr RunAfter(Duration delay, const Functor &f);
  InvokeTimerPtr RunEvery(Duration interval, const Functor &f);
  void RunInLoop(const Functor &handler);
  void QueueInLoop(const Functor &handler);
  InvokeTimerPtr RunAfter(double delay_ms, Functor &&f);
  InvokeTimerPtr RunAfter(Duration delay, Functor &&f);
  InvokeTimerPtr RunEvery(Duration interval, Functor &&f);
  void RunInLoop(Functor &&handler);
  void QueueInLoop(Functor &&handler);
  bool IsInLoopThread() const;
};

class EventLoopThread {
public:
  typedef std::function<int()> Functor;
  EventLoopThread();
  ~EventLoopThread();
  bool Start(bool wait_thread_started = true, Functor pre = Functor(),
             Functor post = Functor());
  void Stop(bool wait_thread_exit = false);
  void Join();
  EventLoop *loop() const;
};

class EventLoopThreadPool {
public:
  typedef std::function<void()> DoneCallback;
  EventLoopThreadPool(EventLoop *base_loop, uint32_t thread_num);
  ~EventLoopThreadPool();
  bool Start(bool wait_thread_started = false);
  void Stop(bool wait_thread_exited = false);
  void Stop(DoneCallback fn);
  void Join();
  EventLoop *GetNextLoop();
  EventLoop *GetNextLoopWithHash(uint64_t hash);
};

class EventWatcher {
public:
  typedef std::function<void()> Handler;
  virtual ~EventWatcher();
  bool Init();
  void Cancel();
  void SetCancelCallback(const Handler &cb);
};

class TimerEventWatcher : public EventWatcher {
public:
  TimerEventWatcher(EventLoop *loop, const Handler &handler, Duration timeout);
  bool AsyncWait();
};

class SignalEventWatcher : public EventWatcher {
public:
  SignalEventWatcher(int signo, EventLoop *loop, const Handler &handler);
  bool AsyncWait();
};
} // namespace evpp
