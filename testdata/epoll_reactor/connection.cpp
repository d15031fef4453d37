#include "connection.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "access_log.hpp"
#include "handlers.hpp"
#include "http.hpp"
#include "server.hpp"

namespace reactor {

Connection::Connection(EventLoop& loop, HttpServer& server, int fd, std::string peer)
    : loop_(loop), server_(server), fd_(fd), peer_(std::move(peer)) {}

Connection::~Connection() {
    if (!closed_) close();
}

void Connection::onEvent(std::uint32_t events) {
    if (closed_) return;  // stale event from the same epoll batch
    if (events & (EPOLLERR | EPOLLHUP)) {
        close();
        return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP)) onReadable();
    if (!closed_ && (events & EPOLLOUT)) onWritable();
}

void Connection::onReadable() {
    char buf[16 * 1024];
    for (;;) {
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);  // OK: socket is non-blocking (accept4 SOCK_NONBLOCK)
        if (n > 0) {
            in_.append(buf, static_cast<std::size_t>(n));
            server_.stats().bytesIn += static_cast<std::uint64_t>(n);
            continue;
        }
        if (n == 0) {  // peer closed its side
            processRequests();
            if (!closed_ && out_.size() == outOffset_) close();
            else closeAfterWrite_ = true;
            return;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        close();
        return;
    }
    processRequests();
}

void Connection::processRequests() {
    while (!closed_ && !closeAfterWrite_) {
        Request req;
        std::size_t consumed = 0;
        std::string error;
        const ParseResult result = parseRequest(in_, req, consumed, error);
        if (result == ParseResult::Incomplete) return;
        if (result == ParseResult::Error) {
            server_.stats().parseErrors++;
            Response bad;
            bad.status = 400;
            bad.body = error + "\n";
            bad.close = true;
            closeAfterWrite_ = true;
            queue(bad.serialize());
            return;
        }
        in_.erase(0, consumed);
        server_.stats().requests++;

        const auto started = std::chrono::steady_clock::now();
        Response resp = handleRequest(req, server_.stats());
        resp.close = !req.keepAlive();
        std::string wire = resp.serialize();
        const std::size_t wireSize = wire.size();
        if (resp.close) closeAfterWrite_ = true;
        queue(std::move(wire));

        AccessRecord rec;
        rec.peer = peer_;
        rec.method = req.method;
        rec.target = req.target;
        rec.status = resp.status;
        rec.bytes = wireSize;
        rec.micros = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count();
        server_.accessLog().record(rec);
    }
}

void Connection::queue(std::string bytes) {
    if (out_.size() == outOffset_) {
        out_ = std::move(bytes);
        outOffset_ = 0;
    } else {
        out_ += bytes;
    }
    onWritable();
}

void Connection::onWritable() {
    while (outOffset_ < out_.size()) {
        const ssize_t n = ::write(fd_, out_.data() + outOffset_, out_.size() - outOffset_);  // OK: socket is non-blocking (accept4 SOCK_NONBLOCK)
        if (n > 0) {
            outOffset_ += static_cast<std::size_t>(n);
            server_.stats().bytesOut += static_cast<std::uint64_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!wantWrite_) {
                wantWrite_ = true;
                updateInterest();
            }
            return;
        }
        close();
        return;
    }
    out_.clear();
    outOffset_ = 0;
    if (closeAfterWrite_) {
        close();
        return;
    }
    if (wantWrite_) {
        wantWrite_ = false;
        updateInterest();
    }
}

void Connection::updateInterest() {
    std::uint32_t events = EPOLLIN | EPOLLRDHUP;
    if (wantWrite_) events |= EPOLLOUT;
    loop_.modify(fd_, events, this);
}

void Connection::close() {
    if (closed_) return;
    closed_ = true;
    loop_.remove(fd_);
    ::close(fd_);  // OK: closing a socket
    server_.release(this);
}

}  // namespace reactor
