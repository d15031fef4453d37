// In-memory store plus the on-disk journal and snapshot writer.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kv {

using Entry = std::pair<std::string, std::string>;

class Store {
public:
    std::optional<std::string> get(const std::string& key) const;
    void set(const std::string& key, std::string value);
    bool erase(const std::string& key);
    std::vector<Entry> snapshot() const;
    std::size_t size() const;

private:
    mutable std::mutex mu_;
    std::unordered_map<std::string, std::string> map_;
};

// Append-only write-ahead journal. Every mutation is written before it is acknowledged.
class Journal {
public:
    explicit Journal(std::string path) : path_(std::move(path)) {}

    // Synchronously appends one record to the journal file; false if the file is unusable.
    bool append(std::string_view op, std::string_view key, std::string_view value);

    const std::string& path() const { return path_; }
    std::uint64_t records_written() const { return records_.load(); }

private:
    std::string path_;
    std::atomic<std::uint64_t> records_{0};
};

// Writes every entry to `path` (via a temporary file). Slow by design: meant for a worker pool.
bool write_snapshot(const std::string& path, const std::vector<Entry>& entries);

// Encodes bytes so that journal records stay on one line.
std::string escape_field(std::string_view in);

}  // namespace kv
