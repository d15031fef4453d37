#include "event_loop.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace reactor {

EventLoop::EventLoop() : epfd_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epfd_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
}

EventLoop::~EventLoop() {
    if (epfd_ >= 0) ::close(epfd_);
}

bool EventLoop::add(int fd, std::uint32_t events, IoHandler* handler) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    return epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool EventLoop::modify(int fd, std::uint32_t events, IoHandler* handler) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    return epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) == 0;
}

void EventLoop::remove(int fd) {
    epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
}

void EventLoop::runDeferred() {
    // Callbacks may defer more work; swap first so that it runs on the next pass.
    std::vector<std::function<void()>> batch;
    batch.swap(deferred_);
    for (auto& fn : batch) fn();
}

void EventLoop::run() {
    constexpr int kMaxEvents = 128;
    epoll_event events[kMaxEvents];
    running_ = true;
    while (running_) {
        const int n = epoll_wait(epfd_, events, kMaxEvents, 1000);  // OK: the reactor's own wait
        if (n < 0) {
            if (errno == EINTR) continue;
            std::perror("epoll_wait");
            break;
        }
        ++iterations_;
        for (int i = 0; i < n; ++i) {
            static_cast<IoHandler*>(events[i].data.ptr)->onEvent(events[i].events);
        }
        runDeferred();
    }
    runDeferred();
}

}  // namespace reactor
