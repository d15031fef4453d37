// kvd: a small journaled key/value server built on Boost.Asio completion handlers.
//
// usage: asio_callbacks [config-file]
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "metrics.hpp"
#include "server.hpp"
#include "storage.hpp"

namespace {

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

unsigned to_unsigned(const std::string& value, unsigned fallback) {
    char* end = nullptr;
    const unsigned long v = std::strtoul(value.c_str(), &end, 10);
    return (end && *end == '\0' && !value.empty()) ? static_cast<unsigned>(v) : fallback;
}

// Reads "key = value" lines. Runs once, before the event loop starts.
kv::Config load_config(const std::string& path) {
    kv::Config cfg;
    std::ifstream in(path);  // OK: startup, before io_context::run()
    if (!in) {
        std::cerr << "config: " << path << " not found, using defaults\n";
        return cfg;
    }
    std::string line;
    while (std::getline(in, line)) {  // OK: startup, before io_context::run()
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = trim(line.substr(0, eq));
        const std::string value = trim(line.substr(eq + 1));
        if (key == "port") cfg.port = static_cast<unsigned short>(to_unsigned(value, cfg.port));
        else if (key == "bind") cfg.bind_address = value;
        else if (key == "journal") cfg.journal_path = value;
        else if (key == "snapshot") cfg.snapshot_path = value;
        else if (key == "metrics") cfg.metrics_path = value;
        else if (key == "max_commands_per_sec") cfg.max_commands_per_sec = to_unsigned(value, cfg.max_commands_per_sec);
        else if (key == "throttle_delay_ms") cfg.throttle_delay_ms = to_unsigned(value, cfg.throttle_delay_ms);
        else if (key == "pool_threads") cfg.pool_threads = to_unsigned(value, cfg.pool_threads);
        else if (key == "flush_interval_sec") cfg.flush_interval_sec = to_unsigned(value, cfg.flush_interval_sec);
        else std::cerr << "config: unknown key '" << key << "'\n";
    }
    return cfg;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string config_path = argc > 1 ? argv[1] : "kvd.conf";
    const kv::Config config = load_config(config_path);

    kv::Store store;
    kv::Journal journal(config.journal_path);
    kv::Metrics metrics;
    boost::asio::thread_pool pool(config.pool_threads == 0 ? 1 : config.pool_threads);

    // Background flusher: its blocking file writes never touch the io_context thread.
    kv::MetricsFlusher flusher(metrics, config.metrics_path,
                               std::chrono::seconds(config.flush_interval_sec));
    std::thread flusher_thread([&flusher] { flusher.run(); });

    boost::asio::io_context io;
    kv::ServerContext ctx{config, store, journal, metrics, pool};
    kv::Server server(io, ctx);
    try {
        server.start();
    } catch (const boost::system::system_error& e) {
        std::cerr << "listen failed: " << e.what() << '\n';
        flusher.stop();
        flusher_thread.join();
        return 1;
    }
    std::cerr << "kvd listening on " << server.local_endpoint() << '\n';

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int signo) {
        std::cerr << "signal " << signo << ", shutting down\n";
        server.stop();
        io.stop();
    });

    io.run();

    pool.join();
    flusher.stop();
    flusher_thread.join();
    return 0;
}
