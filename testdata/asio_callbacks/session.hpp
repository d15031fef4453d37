// One client connection: reads newline-terminated commands and queues replies.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "protocol.hpp"
#include "server.hpp"

namespace kv {

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(boost::asio::ip::tcp::socket socket, ServerContext& ctx);

    void start();

private:
    void do_read();
    void on_read(const boost::system::error_code& ec, std::size_t bytes);
    void handle_line(const std::string& line);
    void execute(const Command& cmd);
    void handle_proxy(const Command& cmd);
    void handle_snapshot();
    void throttle_if_needed();
    std::string session_stats() const;

    void send(std::string message);
    void do_write();
    void on_write(const boost::system::error_code& ec, std::size_t bytes);
    void close();

    boost::asio::ip::tcp::socket socket_;
    ServerContext& ctx_;
    std::string read_buffer_;
    std::deque<std::string> write_queue_;
    bool closing_ = false;

    std::string peer_;
    std::uint64_t commands_ = 0;
    std::uint64_t window_commands_ = 0;
    std::chrono::steady_clock::time_point window_start_;
};

}  // namespace kv
