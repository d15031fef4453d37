// Per-command statistics shared by every client thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace notes {

struct CommandStats {
    std::uint64_t calls = 0;
    std::uint64_t failures = 0;
    std::chrono::microseconds total{0};
    std::chrono::microseconds worst{0};
};

// One lock for the whole table; every client thread goes through it.
extern std::mutex g_stats_mutex;
extern std::map<std::string, CommandStats> g_stats;

void configure_stats_file(std::string path, std::uint64_t dump_every);
void record_command(const std::string& verb, bool ok, std::chrono::microseconds elapsed);
std::string render_stats();
void count_call(const std::string& verb);
void dump_stats_at_exit();

}  // namespace notes
