// Single-threaded epoll reactor.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace reactor {

class IoHandler {
public:
    virtual ~IoHandler() = default;
    virtual void onEvent(std::uint32_t events) = 0;
};

class EventLoop {
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    bool add(int fd, std::uint32_t events, IoHandler* handler);
    bool modify(int fd, std::uint32_t events, IoHandler* handler);
    void remove(int fd);

    // Runs `fn` after the current batch of events has been dispatched.
    void defer(std::function<void()> fn) { deferred_.push_back(std::move(fn)); }

    void run();
    void stop() { running_ = false; }
    std::uint64_t iterations() const { return iterations_; }

private:
    void runDeferred();

    int epfd_ = -1;
    bool running_ = false;
    std::uint64_t iterations_ = 0;
    std::vector<std::function<void()>> deferred_;
};

}  // namespace reactor
