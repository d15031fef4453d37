#include "storage.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

namespace kv {

std::optional<std::string> Store::get(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    return it->second;
}

void Store::set(const std::string& key, std::string value) {
    std::lock_guard<std::mutex> lock(mu_);
    map_[key] = std::move(value);
}

bool Store::erase(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    return map_.erase(key) > 0;
}

std::vector<Entry> Store::snapshot() const {
    std::lock_guard<std::mutex> lock(mu_);
    return {map_.begin(), map_.end()};
}

std::size_t Store::size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return map_.size();
}

std::string escape_field(std::string_view in) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(in.size());
    for (unsigned char c : in) {
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c < 0x20) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

bool Journal::append(std::string_view op, std::string_view key, std::string_view value) {
    using namespace std::chrono;
    const auto now_ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();

    std::string record = std::to_string(now_ms);
    record += '\t';
    record.append(op.begin(), op.end());
    record += '\t';
    record += escape_field(key);
    record += '\t';
    record += escape_field(value);
    record += '\n';

    std::ofstream out(path_, std::ios::app | std::ios::binary);  // BLOCKING: file
    if (!out) return false;
    out.write(record.data(), static_cast<std::streamsize>(record.size()));
    out.flush();  // BLOCKING: file
    if (!out.good()) return false;
    ++records_;
    return true;
}

bool write_snapshot(const std::string& path, const std::vector<Entry>& entries) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc | std::ios::binary);  // OK: only reached from thread_pool job
        if (!out) return false;
        std::size_t written = 0;
        for (const auto& [key, value] : entries) {
            std::string line = escape_field(key) + '\t' + escape_field(value) + '\n';
            out.write(line.data(), static_cast<std::streamsize>(line.size()));  // OK: only reached from thread_pool job
            // Pretend to compress in chunks; keeps a slow disk from being hammered.
            if (++written % 512 == 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));  // OK: only reached from thread_pool job
            }
        }
        if (!out.good()) return false;
    }
    return std::rename(tmp.c_str(), path.c_str()) == 0;  // OK: only reached from thread_pool job
}

}  // namespace kv
