// A minimal trantor TaskQueue family of stallscan's own, from trantor's
// public API (names and signatures only).
#pragma once
#include <functional>
#include <string>

namespace trantor {
class TaskQueue {
public:
  virtual ~TaskQueue();
  virtual void runTaskInQueue(const std::function<void()> &task) = 0;
  virtual void runTaskInQueue(std::function<void()> &&task) = 0;
  virtual std::string getName() const;
  void syncTaskInQueue(const std::function<void()> &task);
};

class ConcurrentTaskQueue : public TaskQueue {
public:
  ConcurrentTaskQueue(size_t threadNum, const std::string &name);
  void runTaskInQueue(const std::function<void()> &task) override;
  void runTaskInQueue(std::function<void()> &&task) override;
};

class SerialTaskQueue : public TaskQueue {
public:
  explicit SerialTaskQueue(const std::string &name);
  void runTaskInQueue(const std::function<void()> &task) override;
  void runTaskInQueue(std::function<void()> &&task) override;
};
} // namespace trantor
