#include "server.hpp"

#include <boost/asio/strand.hpp>

#include <iostream>
#include <memory>

#include "session.hpp"

namespace kv {

using boost::asio::ip::tcp;

Server::Server(boost::asio::io_context& io, ServerContext& ctx)
    : io_(io), ctx_(ctx), acceptor_(io) {}

void Server::start() {
    tcp::endpoint ep(boost::asio::ip::make_address(ctx_.config.bind_address), ctx_.config.port);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(boost::asio::socket_base::max_listen_connections);
    do_accept();
}

void Server::stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
}

void Server::do_accept() {
    acceptor_.async_accept(
        boost::asio::make_strand(io_),
        [this](const boost::system::error_code& ec, tcp::socket socket) {
            if (ec) {
                if (ec == boost::asio::error::operation_aborted) return;
                std::cerr << "accept: " << ec.message() << '\n';
            } else {
                ctx_.metrics.connections++;
                std::make_shared<Session>(std::move(socket), ctx_)->start();
            }
            do_accept();
        });
}

}  // namespace kv
