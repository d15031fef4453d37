// Process-wide counters and the background thread that persists them.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

namespace kv {

struct Metrics {
    std::atomic<std::uint64_t> connections{0};
    std::atomic<std::uint64_t> commands{0};
    std::atomic<std::uint64_t> bytes_in{0};
    std::atomic<std::uint64_t> bytes_out{0};
    std::atomic<std::uint64_t> throttled{0};
    std::atomic<std::uint64_t> errors{0};

    std::string render() const;
};

// Periodically writes Metrics::render() to a file. run() is the body of a dedicated std::thread.
class MetricsFlusher {
public:
    MetricsFlusher(const Metrics& metrics, std::string path, std::chrono::seconds interval)
        : metrics_(metrics), path_(std::move(path)), interval_(interval) {}

    void run();
    void stop();

private:
    void flush_once();

    const Metrics& metrics_;
    std::string path_;
    std::chrono::seconds interval_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
};

}  // namespace kv
