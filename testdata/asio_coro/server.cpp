#include "server.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/post.hpp>
#include <asio/read_until.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <memory>

#include "db.hpp"
#include "protocol.hpp"
#include "reports.hpp"

namespace linesrv {

using asio::ip::tcp;

std::string render_stats(const Stats& s) {
    return "sessions=" + std::to_string(s.sessions) + " requests=" + std::to_string(s.requests) +
           " reports=" + std::to_string(s.reports) + " exports=" + std::to_string(s.exports) +
           " errors=" + std::to_string(s.errors);
}

namespace {

constexpr std::size_t kMaxLine = 16 * 1024;

void count_error(App& app) {
    std::lock_guard<std::mutex> lock(app.stats_mutex);
    ++app.stats.errors;
}

// Handles one request. Returns the reply; an empty reply means "already written".
asio::awaitable<std::string> handle(tcp::socket& socket, const Request& req, App& app) {
    switch (req.verb) {
        case Verb::Put:
            if (!app.db.put(req.key, req.value)) co_return err(app.db.last_error());
            co_return ok();

        case Verb::Get: {
            auto value = app.db.get(req.key);
            if (!value) co_return err("not found");
            co_return bulk(*value);
        }

        case Verb::Count: {
            auto n = app.db.count();
            if (!n) co_return err(app.db.last_error());
            co_return ok(std::to_string(*n));
        }

        case Verb::Wait: {
            asio::steady_timer timer(co_await asio::this_coro::executor);
            timer.expires_after(req.delay);
            co_await timer.async_wait(asio::use_awaitable);  // OK: awaited timer, suspends the coroutine
            co_return ok("waited");
        }

        case Verb::Report: {
            // The query itself runs on the pool, but waiting for it here parks the io thread.
            std::future<Report> pending = build_report_async(app);
            Report report = pending.get();  // BLOCKING: sync-wait
            co_return ok(render(report));
        }

        case Verb::Export: {
            const std::string out_path = app.export_dir + "/" + req.key + ".csv";
            const std::string db_path = app.db_path;
            auto finished = std::make_shared<std::promise<bool>>();
            app.last_export = finished->get_future().share();
            asio::post(app.pool, [&app, finished, db_path, out_path]() {
                const bool done = export_csv(db_path, out_path);
                {
                    std::lock_guard<std::mutex> lock(app.stats_mutex);
                    if (done) ++app.stats.exports;
                    else ++app.stats.errors;
                }
                finished->set_value(done);
            });
            co_return ok("export queued " + out_path);
        }

        case Verb::ExportStatus: {
            if (!app.last_export.valid()) co_return ok("no export yet");
            // Zero timeout: a readiness poll, never a wait.
            const auto state = app.last_export.wait_for(std::chrono::seconds(0));  // OK: zero-timeout poll does not block
            co_return ok(state == std::future_status::ready ? "last export finished" : "export running");
        }

        case Verb::Stats: {
            std::lock_guard<std::mutex> lock(app.stats_mutex);  // HOT-PATH: one std::mutex for every session, held across the co_await below
            const std::string body = ok(render_stats(app.stats));
            co_await asio::async_write(socket, asio::buffer(body), asio::use_awaitable);  // LOCK-SUSPEND: app.stats_mutex is still held
            co_return std::string();
        }

        case Verb::Quit:
            co_return ok("bye");

        case Verb::Invalid:
            break;
    }
    co_return err(req.error.empty() ? "invalid request" : req.error);
}

}  // namespace

asio::awaitable<void> session(tcp::socket socket, App& app) {
    {
        std::lock_guard<std::mutex> lock(app.stats_mutex);
        ++app.stats.sessions;
    }
    std::string buffer;
    try {
        co_await asio::async_write(socket, asio::buffer(ok("linesrv ready")), asio::use_awaitable);
        for (;;) {
            const std::size_t n = co_await asio::async_read_until(  // OK: awaited async read
                socket, asio::dynamic_buffer(buffer, kMaxLine), '\n', asio::use_awaitable);
            const std::string line = buffer.substr(0, n);
            buffer.erase(0, n);

            const Request req = parse_request(line);
            {
                std::lock_guard<std::mutex> lock(app.stats_mutex);
                ++app.stats.requests;
            }
            if (req.verb == Verb::Invalid) count_error(app);

            const std::string reply = co_await handle(socket, req, app);
            if (!reply.empty())
                co_await asio::async_write(socket, asio::buffer(reply), asio::use_awaitable);
            if (req.verb == Verb::Quit) break;
        }
    } catch (const std::system_error& e) {
        if (e.code() != asio::error::eof && e.code() != asio::error::operation_aborted)
            std::cerr << "session: " << e.what() << '\n';
    }
    asio::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> listener(tcp::acceptor acceptor, App& app) {
    for (;;) {
        asio::error_code ec;
        tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec == asio::error::operation_aborted) co_return;
            std::cerr << "accept: " << ec.message() << '\n';
            continue;
        }
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket), app), asio::detached);
    }
}

asio::awaitable<void> heartbeat(App& app, std::chrono::seconds period) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
        timer.expires_after(period);
        co_await timer.async_wait(asio::use_awaitable);  // OK: awaited timer, suspends the coroutine
        Stats snapshot;
        {
            std::lock_guard<std::mutex> lock(app.stats_mutex);  // OK: released before the next co_await (the fixed variant)
            snapshot = app.stats;
        }
        std::cerr << "heartbeat: " << render_stats(snapshot) << '\n';
    }
}

}  // namespace linesrv
