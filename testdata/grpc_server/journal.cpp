#include "journal.hpp"

#include <chrono>
#include <fstream>

Journal::Journal(std::string path) : path_(std::move(path)) {}

Journal::~Journal() {
  stopping_ = true;
  if (compactor_.joinable())
    compactor_.join();
}

void Journal::start() {
  compactor_ = std::thread([this] { compactLoop(); });
}

void Journal::append(const std::string &key, const std::string &value) {
  std::ofstream out(path_, std::ios::app);  // BLOCKING: file
  out << key << '\t' << value << '\n';
}

void Journal::enqueue(const std::string &key, const std::string &value) {
  std::lock_guard<std::mutex> lock(pending_mu_);
  pending_.push_back(key + '\t' + value);
}

void Journal::compactLoop() {
  while (!stopping_) {
    std::vector<std::string> batch;
    {
      std::lock_guard<std::mutex> lock(pending_mu_);
      batch.swap(pending_);
    }
    std::ofstream out(path_, std::ios::app);  // OK: the compactor's own std::thread
    for (const auto &line : batch)
      out << line << '\n';
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // OK: the compactor's own std::thread
  }
}
