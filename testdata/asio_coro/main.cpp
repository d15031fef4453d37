// linesrv: a line-oriented key/value server using standalone Asio and C++20 coroutines.
//
// usage: asio_coro [port] [database] [export-dir]
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/signal_set.hpp>
#include <asio/thread_pool.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "app.hpp"
#include "db.hpp"
#include "server.hpp"

int main(int argc, char** argv) {
    const unsigned short port = argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : 7400;
    const std::string db_path = argc > 2 ? argv[2] : "linesrv.db";
    const std::string export_dir = argc > 3 ? argv[3] : ".";

    linesrv::Database db(db_path);
    if (!db.is_open() || !db.init_schema()) {
        std::cerr << "database " << db_path << ": " << db.last_error() << '\n';
        return 1;
    }

    asio::thread_pool pool(2);
    linesrv::App app{db, pool, db_path, export_dir, {}, {}, {}};

    asio::io_context io(1);
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::tcp::v4(), port});
    std::cerr << "linesrv listening on " << acceptor.local_endpoint() << '\n';

    asio::co_spawn(io, linesrv::listener(std::move(acceptor), app), asio::detached);
    asio::co_spawn(io, linesrv::heartbeat(app, std::chrono::seconds(30)), asio::detached);

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&io](const asio::error_code&, int) { io.stop(); });

    io.run();
    pool.join();
    return 0;
}
