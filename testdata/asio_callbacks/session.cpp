#include "session.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

namespace kv {

using boost::asio::ip::tcp;
namespace ph = std::placeholders;

constexpr std::size_t kMaxLine = 70 * 1024;

Session::Session(tcp::socket socket, ServerContext& ctx)
    : socket_(std::move(socket)), ctx_(ctx), window_start_(std::chrono::steady_clock::now()) {
    boost::system::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    peer_ = ec ? std::string("unknown") : ep.address().to_string() + ":" + std::to_string(ep.port());
}

void Session::start() {
    send(reply_ok("kvd ready"));
    do_read();
}

void Session::do_read() {
    // Member-function completion handler bound with std::bind.
    boost::asio::async_read_until(
        socket_, boost::asio::dynamic_buffer(read_buffer_, kMaxLine), '\n',
        std::bind(&Session::on_read, shared_from_this(), ph::_1, ph::_2));
}

void Session::on_read(const boost::system::error_code& ec, std::size_t bytes) {
    if (ec) {
        if (ec != boost::asio::error::eof && ec != boost::asio::error::operation_aborted) {
            std::cerr << peer_ << ": read error: " << ec.message() << '\n';
            ctx_.metrics.errors++;
        }
        close();
        return;
    }
    ctx_.metrics.bytes_in += bytes;
    std::string line = read_buffer_.substr(0, bytes - 1);
    read_buffer_.erase(0, bytes);

    handle_line(line);
    if (!closing_) do_read();
}

void Session::handle_line(const std::string& line) {
    auto cmd = parse_command(line);
    if (!cmd) return;
    ++commands_;
    ctx_.metrics.commands++;
    throttle_if_needed();

    if (auto err = validate(*cmd); !err.empty()) {
        send(reply_error(err));
        return;
    }
    execute(*cmd);
}

void Session::execute(const Command& cmd) {
    switch (cmd.type) {
        case CommandType::Get: {
            auto value = ctx_.store.get(cmd.key);
            send(value ? reply_value(*value) : reply_error("not found"));
            break;
        }
        case CommandType::Set:
            if (!ctx_.journal.append("SET", cmd.key, cmd.value)) {
                send(reply_error("journal unavailable"));
                break;
            }
            ctx_.store.set(cmd.key, cmd.value);
            send(reply_ok());
            break;
        case CommandType::Del:
            if (ctx_.store.erase(cmd.key)) {
                ctx_.journal.append("DEL", cmd.key, {});
                send(reply_ok());
            } else {
                send(reply_error("not found"));
            }
            break;
        case CommandType::Proxy:
            handle_proxy(cmd);
            break;
        case CommandType::Snapshot:
            handle_snapshot();
            break;
        case CommandType::Stats:
            send(reply_ok(session_stats()));
            break;
        case CommandType::Quit:
            send(reply_ok("bye"));
            closing_ = true;
            break;
        case CommandType::Unknown:
            send(reply_error("unknown command"));
            break;
    }
}

// Simple fixed-window rate limiter. Over the limit, the session is slowed down.
void Session::throttle_if_needed() {
    const auto now = std::chrono::steady_clock::now();
    if (now - window_start_ >= std::chrono::seconds(1)) {
        window_start_ = now;
        window_commands_ = 0;
    }
    if (++window_commands_ > ctx_.config.max_commands_per_sec) {
        ctx_.metrics.throttled++;
        std::this_thread::sleep_for(std::chrono::milliseconds(ctx_.config.throttle_delay_ms));  // BLOCKING: sleep
    }
}

void Session::handle_proxy(const Command& cmd) {
    tcp::resolver resolver(socket_.get_executor());
    boost::system::error_code ec;
    auto results = resolver.resolve(cmd.key, cmd.value, ec);  // BLOCKING: dns
    if (ec || results.empty()) {
        send(reply_error("resolve failed: " + ec.message()));
        return;
    }

    // Probe the first reachable endpoint asynchronously.
    auto self = shared_from_this();
    auto upstream = std::make_shared<tcp::socket>(socket_.get_executor());
    const std::string host = cmd.key;
    boost::asio::async_connect(
        *upstream, results,
        [self, upstream, host](const boost::system::error_code& cec, const tcp::endpoint& ep) {
            if (cec) {
                self->send(reply_error(host + " unreachable: " + cec.message()));
                return;
            }
            self->send(reply_ok(host + " -> " + ep.address().to_string() + ":" +
                                std::to_string(ep.port())));
            boost::system::error_code ignored;
            upstream->shutdown(tcp::socket::shutdown_both, ignored);
        });
}

void Session::handle_snapshot() {
    auto entries = ctx_.store.snapshot();
    auto self = shared_from_this();
    const std::string path = ctx_.config.snapshot_path;

    // The disk work happens on the worker pool; only the reply comes back to the socket's strand.
    boost::asio::post(ctx_.pool, [self, path, entries = std::move(entries)]() {
        const bool ok = write_snapshot(path, entries);
        const std::size_t count = entries.size();
        if (ok) {
            std::ofstream meta(path + ".meta", std::ios::trunc);  // OK: inside the lambda posted to thread_pool
            meta << "keys " << count << "\n";
        }
        boost::asio::post(self->socket_.get_executor(), [self, ok, count]() {
            self->send(ok ? reply_ok("snapshot " + std::to_string(count) + " keys")
                          : reply_error("snapshot failed"));
        });
    });
}

std::string Session::session_stats() const {
    return "peer=" + peer_ + " commands=" + std::to_string(commands_) +
           " keys=" + std::to_string(ctx_.store.size()) +
           " journal=" + std::to_string(ctx_.journal.records_written());
}

void Session::send(std::string message) {
    const bool idle = write_queue_.empty();
    write_queue_.push_back(std::move(message));
    if (idle) do_write();
}

void Session::do_write() {
    auto self = shared_from_this();
    boost::asio::async_write(socket_, boost::asio::buffer(write_queue_.front()),
                             [self](const boost::system::error_code& ec, std::size_t bytes) {
                                 self->on_write(ec, bytes);
                             });
}

void Session::on_write(const boost::system::error_code& ec, std::size_t bytes) {
    if (ec) {
        ctx_.metrics.errors++;
        close();
        return;
    }
    ctx_.metrics.bytes_out += bytes;
    write_queue_.pop_front();
    if (!write_queue_.empty()) {
        do_write();
    } else if (closing_) {
        close();
    }
}

void Session::close() {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
}

}  // namespace kv
