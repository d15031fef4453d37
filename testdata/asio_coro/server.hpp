// Coroutine entry points: the acceptor loop, one coroutine per session, and a heartbeat.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include <chrono>

#include "app.hpp"

namespace linesrv {

asio::awaitable<void> listener(asio::ip::tcp::acceptor acceptor, App& app);
asio::awaitable<void> session(asio::ip::tcp::socket socket, App& app);
asio::awaitable<void> heartbeat(App& app, std::chrono::seconds period);

}  // namespace linesrv
