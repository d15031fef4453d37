// Thin SQLite wrapper used directly by the session coroutines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;

namespace linesrv {

class Database {
public:
    explicit Database(std::string path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    bool is_open() const { return db_ != nullptr; }
    const std::string& last_error() const { return last_error_; }
    const std::string& path() const { return path_; }

    // Creates tables and pragmas. Startup only.
    bool init_schema();

    bool put(const std::string& key, const std::string& value);
    std::optional<std::string> get(const std::string& key);
    std::optional<std::int64_t> count();

private:
    bool check(int rc, char* errmsg);

    std::string path_;
    sqlite3* db_ = nullptr;
    std::string last_error_;
};

}  // namespace linesrv
