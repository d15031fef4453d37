// An append-only journal of puts, compacted by a thread of its own.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class Journal {
public:
  explicit Journal(std::string path);
  ~Journal();
  // Appends one record; called from the Put handler.
  void append(const std::string &key, const std::string &value);
  // Queues one record for the compactor thread; the fixed twin of append.
  void enqueue(const std::string &key, const std::string &value);
  void start();

private:
  void compactLoop();
  std::string path_;
  std::mutex pending_mu_;
  std::vector<std::string> pending_;
  std::atomic<bool> stopping_{false};
  std::thread compactor_;
};
