// Shared application state for the coroutine server.
#pragma once

#include <asio/thread_pool.hpp>

#include <cstdint>
#include <future>
#include <mutex>
#include <string>

namespace linesrv {

class Database;

struct Stats {
    std::uint64_t sessions = 0;
    std::uint64_t requests = 0;
    std::uint64_t reports = 0;
    std::uint64_t exports = 0;
    std::uint64_t errors = 0;
};

struct App {
    Database& db;
    asio::thread_pool& pool;
    std::string db_path;
    std::string export_dir;

    // Guarded by stats_mutex; touched by the io thread and by pool workers.
    std::mutex stats_mutex;
    Stats stats;

    // Completion of the most recent EXPORT; only touched on the io thread.
    std::shared_future<bool> last_export;
};

std::string render_stats(const Stats& s);

}  // namespace linesrv
