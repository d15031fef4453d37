// epoll-reactor: a single-threaded HTTP/1.1 server on raw epoll.
//
// usage: epoll_reactor [port] [access-log] [pid-file]
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "access_log.hpp"
#include "event_loop.hpp"
#include "server.hpp"

namespace {

// Turns SIGINT/SIGTERM into a readiness event so that shutdown happens on the loop thread.
class SignalWatcher : public reactor::IoHandler {
public:
    explicit SignalWatcher(reactor::EventLoop& loop) : loop_(loop) {
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGTERM);
        sigprocmask(SIG_BLOCK, &mask, nullptr);
        fd_ = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
        if (fd_ >= 0) loop_.add(fd_, EPOLLIN, this);
    }
    ~SignalWatcher() override {
        if (fd_ >= 0) ::close(fd_);
    }
    bool ok() const { return fd_ >= 0; }

    void onEvent(std::uint32_t) override {
        signalfd_siginfo info{};
        while (::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {  // OK: non-blocking signalfd
            std::cerr << "signal " << info.ssi_signo << ", stopping\n";
            loop_.stop();
        }
    }

private:
    reactor::EventLoop& loop_;
    int fd_ = -1;
};

// Writes our pid for init scripts. Runs once, before the loop.
bool writePidFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);  // OK: startup, before EventLoop::run()
    if (fd < 0) return false;
    const std::string pid = std::to_string(::getpid()) + "\n";
    const bool ok = ::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size());  // OK: startup, before EventLoop::run()
    ::close(fd);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    const auto port = static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8090);
    const std::string accessLogPath = argc > 2 ? argv[2] : "access.log";
    const std::string pidPath = argc > 3 ? argv[3] : "epoll-reactor.pid";

    ::signal(SIGPIPE, SIG_IGN);
    if (!writePidFile(pidPath))
        std::cerr << "warning: cannot write pid file " << pidPath << ": " << std::strerror(errno) << '\n';

    reactor::AccessLog accessLog(accessLogPath);
    if (!accessLog.openAtStartup())
        std::cerr << "warning: access log " << accessLogPath << " not writable yet; will retry\n";

    reactor::EventLoop loop;
    SignalWatcher signals(loop);
    if (!signals.ok()) std::cerr << "warning: signalfd failed; use SIGKILL to stop\n";

    reactor::HttpServer server(loop, accessLog);
    std::string error;
    if (!server.listen("0.0.0.0", port, error)) {
        std::cerr << "listen: " << error << '\n';
        return 1;
    }
    std::cerr << "epoll-reactor listening on :" << port << '\n';

    loop.run();

    std::cerr << "served " << server.stats().requests << " requests, " << accessLog.written()
              << " log lines (" << accessLog.failures() << " failures)\n";
    ::unlink(pidPath.c_str());  // OK: shutdown, after EventLoop::run() returned
    return 0;
}
