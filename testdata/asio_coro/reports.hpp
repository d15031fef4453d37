// Slow, read-only jobs over the database. Each job opens its own SQLite connection.
#pragma once

#include <cstdint>
#include <future>
#include <string>

#include "app.hpp"

namespace linesrv {

struct Report {
    std::int64_t keys = 0;
    std::int64_t value_bytes = 0;
    std::string newest_key;
    bool ok = false;
    std::string error;
};

std::string render(const Report& r);

// Runs build_report() on app.pool and hands the result back through a std::future.
std::future<Report> build_report_async(App& app);

// Exports every row as CSV to `out_path`. Blocking; callers post it to app.pool.
bool export_csv(const std::string& db_path, const std::string& out_path);

}  // namespace linesrv
