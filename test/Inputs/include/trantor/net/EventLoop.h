// A minimal trantor EventLoop of stallscan's own, written from trantor's
// public API (names and signatures only) for the tests in test/frameworks/.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace trantor {
using TimerId = uint64_t;
class Date;

class EventLoop {
public:
  EventLoop();
  ~EventLoop();
  void loop();
  void quit();
  bool isInLoopThread() const;
  void assertInLoopThread();
  template <typename Functor> void runInLoop(Functor &&f) {
    queueInLoop(std::forward<Functor>(f));
  }
  void queueInLoop(const std::function<void()> &f);
  void queueInLoop(std::function<void()> &&f);
  TimerId runAt(const Date &time, const std::function<void()> &cb);
  TimerId runAfter(double delay, const std::function<void()> &cb);
  TimerId runAfter(const std::chrono::duration<double> &delay,
                   const std::function<void()> &cb);
  TimerId runEvery(double interval, const std::function<void()> &cb);
  TimerId runEvery(const std::chrono::duration<double> &interval,
                   const std::function<void()> &cb);
  void invalidateTimer(TimerId id);
  static EventLoop *getEventLoopOfCurrentThread();
};

class EventLoopThread {
public:
  explicit EventLoopThread(const std::string &threadName = "EventLoopThread");
  ~EventLoopThread();
  void run();
  void wait();
  EventLoop *getLoop() const;
};

class EventLoopThreadPool {
public:
  EventLoopThreadPool(size_t threadNum,
                      const std::string &name = "EventLoopThreadPool");
  void start();
  void wait();
  size_t size();
  EventLoop *getNextLoop();
  EventLoop *getLoop(size_t id);
  std::vector<EventLoop *> getLoops() const;
};
} // namespace trantor
