// Listener and shared state for the callback-style key/value server.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include <string>

#include "metrics.hpp"
#include "storage.hpp"

namespace kv {

struct Config {
    unsigned short port = 7379;
    std::string bind_address = "0.0.0.0";
    std::string journal_path = "kv.journal";
    std::string snapshot_path = "kv.snapshot";
    std::string metrics_path = "kv.metrics";
    unsigned max_commands_per_sec = 200;
    unsigned throttle_delay_ms = 50;
    unsigned pool_threads = 2;
    unsigned flush_interval_sec = 10;
};

// Everything a session needs; owned by main() and outliving io_context::run().
struct ServerContext {
    const Config& config;
    Store& store;
    Journal& journal;
    Metrics& metrics;
    boost::asio::thread_pool& pool;
};

class Server {
public:
    Server(boost::asio::io_context& io, ServerContext& ctx);

    void start();
    void stop();
    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

private:
    void do_accept();

    boost::asio::io_context& io_;
    ServerContext& ctx_;
    boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace kv
