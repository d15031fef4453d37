#include "metrics.hpp"

#include <fstream>
#include <sstream>

namespace kv {

std::string Metrics::render() const {
    std::ostringstream os;
    os << "connections " << connections.load() << '\n'
       << "commands " << commands.load() << '\n'
       << "bytes_in " << bytes_in.load() << '\n'
       << "bytes_out " << bytes_out.load() << '\n'
       << "throttled " << throttled.load() << '\n'
       << "errors " << errors.load() << '\n';
    return os.str();
}

void MetricsFlusher::run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
        cv_.wait_for(lock, interval_, [this] { return stopping_; });  // OK: dedicated flusher std::thread
        lock.unlock();
        flush_once();
        lock.lock();
    }
}

void MetricsFlusher::stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
}

void MetricsFlusher::flush_once() {
    const std::string body = metrics_.render();
    std::ofstream out(path_, std::ios::trunc);  // OK: dedicated flusher std::thread
    if (!out) return;
    out.write(body.data(), static_cast<std::streamsize>(body.size()));  // OK: dedicated flusher std::thread
    out.flush();  // OK: dedicated flusher std::thread
}

}  // namespace kv
