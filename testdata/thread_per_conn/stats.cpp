#include "stats.hpp"

#include <fstream>
#include <functional>
#include <sstream>

namespace notes {

std::mutex g_stats_mutex;
std::map<std::string, CommandStats> g_stats;

namespace {

std::string g_stats_path = "notes-stats.txt";
std::uint64_t g_dump_every = 100;
std::uint64_t g_updates = 0;

// Caller must hold g_stats_mutex.
std::string render_locked() {
    std::ostringstream os;
    std::uint64_t calls = 0;
    for (const auto& [verb, s] : g_stats) {
        const auto avg = s.calls ? s.total.count() / static_cast<long long>(s.calls) : 0;
        os << verb << " calls=" << s.calls << " failures=" << s.failures << " avg_us=" << avg
           << " worst_us=" << s.worst.count() << '\n';
        calls += s.calls;
    }
    os << "total calls=" << calls << '\n';
    return os.str();
}

// Caller must hold g_stats_mutex.
void dump_locked() {
    std::ofstream out(g_stats_path, std::ios::trunc);  // LOCK-BLOCKING: file (no event loop here, but g_stats_mutex is held)
    out << render_locked();
    out.flush();  // LOCK-BLOCKING: file (every client thread waits for this flush)
}

}  // namespace

void configure_stats_file(std::string path, std::uint64_t dump_every) {
    std::lock_guard<std::mutex> lock(g_stats_mutex);
    g_stats_path = std::move(path);
    g_dump_every = dump_every == 0 ? 1 : dump_every;
}

void record_command(const std::string& verb, bool ok, std::chrono::microseconds elapsed) {
    std::lock_guard<std::mutex> lock(g_stats_mutex);  // HOT-PATH: global stats mutex; the file dump below runs under it
    CommandStats& s = g_stats[verb];
    ++s.calls;
    if (!ok) ++s.failures;
    s.total += elapsed;
    if (elapsed > s.worst) s.worst = elapsed;
    if (++g_updates % g_dump_every == 0) dump_locked();
}

std::string render_stats() {
    std::lock_guard<std::mutex> lock(g_stats_mutex);  // HOT-PATH: global stats mutex; the whole table is walked under it
    return render_locked();
}

// The fixed variants, beside the serialised ones above.

namespace {
struct Shard {
    std::mutex mutex;
    std::uint64_t calls = 0;
};
Shard g_shards[16];
}  // namespace

void count_call(const std::string& verb) {
    Shard& shard = g_shards[std::hash<std::string>{}(verb) % 16];
    std::lock_guard<std::mutex> lock(shard.mutex);  // OK: sharded, and only a counter bump under it
    ++shard.calls;
}

void dump_stats_at_exit() {
    std::string text;
    {
        std::lock_guard<std::mutex> lock(g_stats_mutex);  // OK: shutdown only, not on a request path
        text = render_locked();
    }
    std::ofstream out(g_stats_path, std::ios::trunc);  // OK: written after the lock is released
    out << text;
}

}  // namespace notes
