#include "access_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

namespace reactor {

AccessLog::~AccessLog() {
    if (fd_ >= 0) ::close(fd_);  // OK: destructor runs in main() after the loop has stopped
}

bool AccessLog::openAtStartup() {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);  // OK: called from main() before EventLoop::run()
    if (fd < 0) return false;
    fd_ = fd;
    return true;
}

bool AccessLog::ensureOpen() {
    if (fd_ >= 0) return true;
    // Not opened at startup (e.g. the log directory did not exist yet): open on first use.
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);  // BLOCKING: file
    return fd_ >= 0;
}

std::string AccessLog::format(const AccessRecord& rec) {
    char when[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);

    char line[1024];
    const int n = std::snprintf(line, sizeof line, "%s - - [%s] \"%s %s\" %d %zu %.0fus\n",
                                rec.peer.c_str(), when, rec.method.c_str(), rec.target.c_str(),
                                rec.status, rec.bytes, rec.micros);
    if (n < 0) return {};
    return std::string(line, static_cast<std::size_t>(n) < sizeof line ? static_cast<std::size_t>(n) : sizeof line - 1);
}

void AccessLog::record(const AccessRecord& rec) {
    if (!ensureOpen()) {
        ++failures_;
        return;
    }
    const std::string line = format(rec);
    const ssize_t n = ::write(fd_, line.data(), line.size());  // BLOCKING: file
    if (n < 0 || static_cast<std::size_t>(n) != line.size()) {
        ++failures_;
        return;
    }
    if (::fsync(fd_) != 0) {  // BLOCKING: file
        ++failures_;
        return;
    }
    ++written_;
}

}  // namespace reactor
