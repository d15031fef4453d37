#include "server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace reactor {

HttpServer::~HttpServer() {
    conns_.clear();
    if (listenFd_ >= 0) {
        loop_.remove(listenFd_);
        ::close(listenFd_);
    }
}

bool HttpServer::listen(const std::string& address, std::uint16_t port, std::string& error) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, address.c_str(), &addr.sin_addr) != 1) {
        error = "bad address " + address;
        return false;
    }
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listenFd_ < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    const int one = 1;
    setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listenFd_, SOMAXCONN) != 0) {
        error = std::string("bind/listen: ") + std::strerror(errno);
        return false;
    }
    if (!loop_.add(listenFd_, EPOLLIN, this)) {
        error = std::string("epoll_ctl: ") + std::strerror(errno);
        return false;
    }
    return true;
}

void HttpServer::onEvent(std::uint32_t /*events*/) {
    for (;;) {
        sockaddr_in peer{};
        socklen_t len = sizeof peer;
        const int fd = ::accept4(listenFd_, reinterpret_cast<sockaddr*>(&peer), &len,  // OK: non-blocking listener, SOCK_NONBLOCK child
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) std::perror("accept4");
            return;
        }
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

        char ip[INET_ADDRSTRLEN] = "?";
        inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
        auto conn = std::make_unique<Connection>(loop_, *this, fd,
                                                 std::string(ip) + ":" + std::to_string(ntohs(peer.sin_port)));
        Connection* raw = conn.get();
        conns_.emplace(raw, std::move(conn));
        stats_.accepted++;
        stats_.open++;  // balanced by release()
        if (!loop_.add(fd, EPOLLIN | EPOLLRDHUP, raw)) {
            std::perror("epoll_ctl(add)");
            raw->abort();  // closes the socket and schedules destruction
        }
    }
}

void HttpServer::release(Connection* conn) {
    stats_.open--;
    loop_.defer([this, conn] { conns_.erase(conn); });
}

}  // namespace reactor
