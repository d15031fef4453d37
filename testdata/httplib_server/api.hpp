// httplib_server: a document store over HTTP on cpp-httplib.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace docs {

// Spaces requests of one client out: at most one per interval.
class RateLimiter {
public:
    explicit RateLimiter(std::chrono::milliseconds interval) : interval_(interval) {}
    void wait(const std::string &client);
    void waitFixed(const std::string &client);

private:
    std::mutex mutex_;
    std::map<std::string, std::chrono::steady_clock::time_point> next_;
    std::chrono::milliseconds interval_;
};

class Api {
public:
    Api(std::string root, std::string upstream);
    void getDoc(const httplib::Request &req, httplib::Response &res);
    void putDoc(const httplib::Request &req, httplib::Response &res);
    void putDocFixed(const httplib::Request &req, httplib::Response &res);
    void mirror(const httplib::Request &req, httplib::Response &res);
    RateLimiter &limiter() { return limiter_; }

private:
    std::string path(const std::string &name) const;
    std::string root_;
    std::string upstream_;
    std::mutex journalMutex_;
    std::string journalPath_;
    unsigned long sequence_ = 0;
    RateLimiter limiter_{std::chrono::milliseconds(50)};
};

} // namespace docs
