// Listening socket plus ownership of all live connections.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "access_log.hpp"
#include "connection.hpp"
#include "event_loop.hpp"
#include "handlers.hpp"

namespace reactor {

class HttpServer : public IoHandler {
public:
    HttpServer(EventLoop& loop, AccessLog& log) : loop_(loop), log_(log) {}
    ~HttpServer() override;

    bool listen(const std::string& address, std::uint16_t port, std::string& error);
    void onEvent(std::uint32_t events) override;

    // Called by a connection that has closed itself; destruction is deferred to the loop.
    void release(Connection* conn);

    ServerStats& stats() { return stats_; }
    AccessLog& accessLog() { return log_; }

private:
    EventLoop& loop_;
    AccessLog& log_;
    int listenFd_ = -1;
    ServerStats stats_;
    std::unordered_map<Connection*, std::unique_ptr<Connection>> conns_;
};

}  // namespace reactor
