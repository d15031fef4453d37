#include "stats.hpp"

#include <fstream>
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
    std::ofstream out(g_stats_path, std::ios::trunc);  // OK: thread-per-connection, no event loop (under g_stats_mutex)
    out << render_locked();
    out.flush();  // OK: thread-per-connection, no event loop (under g_stats_mutex)
}

}  // namespace

void configure_stats_file(std::string path, std::uint64_t dump_every) {
    std::lock_guard<std::mutex> lock(g_stats_mutex);
    g_stats_path = std::move(path);
    g_dump_every = dump_every == 0 ? 1 : dump_every;
}

void record_command(const std::string& verb, bool ok, std::chrono::microseconds elapsed) {
    std::lock_guard<std::mutex> lock(g_stats_mutex);  // LOCK: global stats mutex; file dump below runs under it
    CommandStats& s = g_stats[verb];
    ++s.calls;
    if (!ok) ++s.failures;
    s.total += elapsed;
    if (elapsed > s.worst) s.worst = elapsed;
    if (++g_updates % g_dump_every == 0) dump_locked();
}

std::string render_stats() {
    std::lock_guard<std::mutex> lock(g_stats_mutex);  // LOCK: global stats mutex; whole table walked under it
    return render_locked();
}

}  // namespace notes
