// A client connection on a non-blocking socket, driven by EventLoop readiness events.
#pragma once

#include <cstdint>
#include <string>

#include "event_loop.hpp"

namespace reactor {

class HttpServer;

class Connection : public IoHandler {
public:
    Connection(EventLoop& loop, HttpServer& server, int fd, std::string peer);
    ~Connection() override;

    void onEvent(std::uint32_t events) override;
    int fd() const { return fd_; }
    bool closed() const { return closed_; }
    void abort() { close(); }

private:
    void onReadable();
    void onWritable();
    void processRequests();
    void queue(std::string bytes);
    void updateInterest();
    void close();

    EventLoop& loop_;
    HttpServer& server_;
    int fd_;
    std::string peer_;
    std::string in_;
    std::string out_;
    std::size_t outOffset_ = 0;
    bool wantWrite_ = false;
    bool closeAfterWrite_ = false;
    bool closed_ = false;
};

}  // namespace reactor
