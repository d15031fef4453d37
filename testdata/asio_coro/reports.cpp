#include "reports.hpp"

#include <asio/post.hpp>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <memory>

namespace linesrv {
namespace {

struct Connection {
    sqlite3* db = nullptr;
    ~Connection() {
        if (db) sqlite3_close(db);
    }
};

int collect_summary(void* arg, int ncols, char** values, char** /*names*/) {
    auto* r = static_cast<Report*>(arg);
    if (ncols >= 3) {
        r->keys = values[0] ? std::strtoll(values[0], nullptr, 10) : 0;
        r->value_bytes = values[1] ? std::strtoll(values[1], nullptr, 10) : 0;
        r->newest_key = values[2] ? values[2] : "";
    }
    return 0;
}

std::string csv_field(const char* s) {
    std::string out = "\"";
    for (; s && *s; ++s) {
        if (*s == '"') out += '"';
        out += *s;
    }
    out += '"';
    return out;
}

int write_csv_row(void* arg, int ncols, char** values, char** /*names*/) {
    auto* out = static_cast<std::ofstream*>(arg);
    std::string line;
    for (int i = 0; i < ncols; ++i) {
        if (i) line += ',';
        line += csv_field(values[i]);
    }
    line += '\n';
    out->write(line.data(), static_cast<std::streamsize>(line.size()));  // OK: export job runs on asio::thread_pool
    return out->good() ? 0 : 1;
}

Report build_report(const std::string& db_path) {
    Report r;
    Connection conn;
    if (sqlite3_open_v2(db_path.c_str(), &conn.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {  // OK: report job runs on asio::thread_pool
        r.error = conn.db ? sqlite3_errmsg(conn.db) : "open failed";
        return r;
    }
    char* errmsg = nullptr;
    const char* sql =
        "SELECT COUNT(*), COALESCE(SUM(LENGTH(v)), 0),"
        "       (SELECT k FROM kv ORDER BY updated DESC LIMIT 1) FROM kv;";
    if (sqlite3_exec(conn.db, sql, collect_summary, &r, &errmsg) != SQLITE_OK) {  // OK: report job runs on asio::thread_pool
        r.error = errmsg ? errmsg : "query failed";
        sqlite3_free(errmsg);
        return r;
    }
    r.ok = true;
    return r;
}

}  // namespace

std::string render(const Report& r) {
    if (!r.ok) return "report failed: " + r.error;
    return "keys=" + std::to_string(r.keys) + " bytes=" + std::to_string(r.value_bytes) +
           " newest=" + (r.newest_key.empty() ? std::string("-") : r.newest_key);
}

std::future<Report> build_report_async(App& app) {
    auto promise = std::make_shared<std::promise<Report>>();
    std::future<Report> result = promise->get_future();
    asio::post(app.pool, [promise, &app, path = app.db_path]() {
        Report r = build_report(path);
        {
            std::lock_guard<std::mutex> lock(app.stats_mutex);
            ++app.stats.reports;
        }
        promise->set_value(std::move(r));
    });
    return result;
}

bool export_csv(const std::string& db_path, const std::string& out_path) {
    Connection conn;
    if (sqlite3_open_v2(db_path.c_str(), &conn.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)  // OK: export job runs on asio::thread_pool
        return false;
    std::ofstream out(out_path, std::ios::trunc);  // OK: export job runs on asio::thread_pool
    if (!out) return false;
    out << "key,value,updated\n";
    char* errmsg = nullptr;
    const int rc = sqlite3_exec(conn.db, "SELECT k, v, updated FROM kv ORDER BY k;", write_csv_row, &out, &errmsg);  // OK: export job runs on asio::thread_pool
    sqlite3_free(errmsg);
    return rc == SQLITE_OK && out.good();
}

}  // namespace linesrv
