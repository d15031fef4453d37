#include "db.hpp"

#include <sqlite3.h>

#include <cstdlib>

namespace linesrv {
namespace {

// sqlite3_exec row callback: stores column 0 of the first row into a std::optional<std::string>.
int first_column(void* out, int ncols, char** values, char** /*names*/) {
    auto* result = static_cast<std::optional<std::string>*>(out);
    if (ncols > 0 && values[0] != nullptr && !result->has_value()) *result = std::string(values[0]);
    return 0;
}

}  // namespace

Database::Database(std::string path) : path_(std::move(path)) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr) != SQLITE_OK) {  // OK: constructed in main() before io_context::run()
        last_error_ = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
    }
}

Database::~Database() {
    if (db_) sqlite3_close(db_);
}

bool Database::check(int rc, char* errmsg) {
    if (rc == SQLITE_OK) return true;
    last_error_ = errmsg ? errmsg : sqlite3_errstr(rc);
    sqlite3_free(errmsg);
    return false;
}

bool Database::init_schema() {
    static const char* kSchema =
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=FULL;"
        "CREATE TABLE IF NOT EXISTS kv ("
        "  k TEXT PRIMARY KEY,"
        "  v TEXT NOT NULL,"
        "  updated INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
        ");";
    char* errmsg = nullptr;
    const int rc = sqlite3_exec(db_, kSchema, nullptr, nullptr, &errmsg);  // OK: called from main() before io_context::run()
    return check(rc, errmsg);
}

bool Database::put(const std::string& key, const std::string& value) {
    char* sql = sqlite3_mprintf(
        "INSERT INTO kv(k, v) VALUES(%Q, %Q) "
        "ON CONFLICT(k) DO UPDATE SET v = excluded.v, updated = strftime('%%s','now');",
        key.c_str(), value.c_str());
    if (!sql) return check(SQLITE_NOMEM, nullptr);
    char* errmsg = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &errmsg);  // BLOCKING: db
    sqlite3_free(sql);
    return check(rc, errmsg);
}

std::optional<std::string> Database::get(const std::string& key) {
    std::optional<std::string> result;
    char* sql = sqlite3_mprintf("SELECT v FROM kv WHERE k = %Q;", key.c_str());
    if (!sql) return std::nullopt;
    char* errmsg = nullptr;
    const int rc = sqlite3_exec(db_, sql, first_column, &result, &errmsg);  // BLOCKING: db
    sqlite3_free(sql);
    if (!check(rc, errmsg)) return std::nullopt;
    return result;
}

std::optional<std::int64_t> Database::count() {
    std::optional<std::string> text;
    char* errmsg = nullptr;
    const int rc = sqlite3_exec(db_, "SELECT COUNT(*) FROM kv;", first_column, &text, &errmsg);  // BLOCKING: db
    if (!check(rc, errmsg) || !text) return std::nullopt;
    return std::strtoll(text->c_str(), nullptr, 10);
}

}  // namespace linesrv
