// notesd: a classic blocking notes server with one thread per client.
//
// usage: thread_per_conn [port] [notes-dir]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <system_error>
#include <thread>

#include "client.hpp"
#include "stats.hpp"

namespace {

int open_listener(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

int main(int argc, char** argv) {
    const auto port = static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 7600);
    notes::ServerOptions options;
    if (argc > 2) options.notes_dir = argv[2];

    ::signal(SIGPIPE, SIG_IGN);
    if (::mkdir(options.notes_dir.c_str(), 0755) != 0 && errno != EEXIST) {  // OK: startup, and there is no event loop
        std::cerr << "mkdir " << options.notes_dir << ": " << std::strerror(errno) << '\n';
        return 1;
    }
    notes::configure_stats_file(options.notes_dir + "/stats.txt", 50);

    const int listener = open_listener(port);
    if (listener < 0) {
        std::cerr << "listen on " << port << ": " << std::strerror(errno) << '\n';
        return 1;
    }
    std::cerr << "notesd listening on :" << port << '\n';

    for (;;) {
        const int client = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);  // OK: blocking accept loop, no event loop
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            std::cerr << "accept: " << std::strerror(errno) << '\n';
            std::this_thread::sleep_for(std::chrono::milliseconds(100));  // OK: blocking accept loop, no event loop
            continue;
        }
        try {
            std::thread(notes::handle_client, client, options).detach();
        } catch (const std::system_error& e) {
            std::cerr << "cannot start client thread: " << e.what() << '\n';
            ::close(client);
        }
    }
    notes::dump_stats_at_exit();  // unreachable today; kept for a future shutdown path
}
