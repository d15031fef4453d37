// Durable access log: one line per response, fsync'd so that nothing is lost on a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace reactor {

struct AccessRecord {
    std::string peer;
    std::string method;
    std::string target;
    int status = 0;
    std::size_t bytes = 0;
    double micros = 0;
};

class AccessLog {
public:
    explicit AccessLog(std::string path) : path_(std::move(path)) {}
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    // Checks at startup that the log is writable. Optional: record() opens lazily.
    bool openAtStartup();

    void record(const AccessRecord& rec);
    std::uint64_t written() const { return written_; }
    std::uint64_t failures() const { return failures_; }

private:
    bool ensureOpen();
    static std::string format(const AccessRecord& rec);

    std::string path_;
    int fd_ = -1;
    std::uint64_t written_ = 0;
    std::uint64_t failures_ = 0;
};

}  // namespace reactor
