#include "client.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "net.hpp"
#include "protocol.hpp"
#include "stats.hpp"

namespace notes {
namespace {

std::string notebook_path(const ServerOptions& opt, const std::string& name) {
    return opt.notes_dir + "/" + name + ".txt";
}

bool add_note(const ServerOptions& opt, const Command& cmd, std::string& reply) {
    if (!valid_notebook(cmd.arg) || cmd.rest.empty()) {
        reply = "ERR usage: ADD <notebook> <text>\n";
        return false;
    }
    std::ofstream out(notebook_path(opt, cmd.arg), std::ios::app);  // OK: thread-per-connection, no event loop
    if (!out) {
        reply = "ERR cannot open notebook\n";
        return false;
    }
    out << std::time(nullptr) << ' ' << cmd.rest << '\n';
    out.flush();  // OK: thread-per-connection, no event loop
    reply = out.good() ? "OK\n" : "ERR write failed\n";
    return out.good();
}

bool cat_notebook(const ServerOptions& opt, const Command& cmd, std::string& reply) {
    if (!valid_notebook(cmd.arg)) {
        reply = "ERR bad notebook name\n";
        return false;
    }
    std::ifstream in(notebook_path(opt, cmd.arg));  // OK: thread-per-connection, no event loop
    if (!in) {
        reply = "ERR no such notebook\n";
        return false;
    }
    std::ostringstream body;
    body << in.rdbuf();  // OK: thread-per-connection, no event loop
    const std::string text = body.str();
    reply = "DATA " + std::to_string(text.size()) + "\n" + text;
    return true;
}

bool wait_for(const ServerOptions& opt, const Command& cmd, std::string& reply) {
    const long ms = std::strtol(cmd.arg.c_str(), nullptr, 10);
    if (ms < 0 || static_cast<unsigned long>(ms) > opt.max_wait_ms) {
        reply = "ERR bad delay\n";
        return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));  // OK: thread-per-connection, no event loop
    reply = "OK waited " + std::to_string(ms) + "ms\n";
    return true;
}

}  // namespace

void handle_client(int fd, ServerOptions options) {
    const std::string peer = peer_name(fd);
    LineReader reader(fd);
    send_all(fd, "notesd ready\n");

    while (auto line = reader.next()) {
        if (line->empty()) continue;
        const Command cmd = parse(*line);
        const auto started = std::chrono::steady_clock::now();
        std::string reply;
        bool ok = true;
        bool quit = false;

        if (cmd.verb == "ADD") {
            ok = add_note(options, cmd, reply);
        } else if (cmd.verb == "CAT") {
            ok = cat_notebook(options, cmd, reply);
        } else if (cmd.verb == "WAIT") {
            ok = wait_for(options, cmd, reply);
        } else if (cmd.verb == "STATS") {
            reply = render_stats();
        } else if (cmd.verb == "QUIT") {
            reply = "BYE\n";
            quit = true;
        } else {
            reply = "ERR unknown command\n";
            ok = false;
        }

        const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - started);
        record_command(cmd.verb, ok, elapsed);
        count_call(cmd.verb);
        if (!send_all(fd, reply) || quit) break;
    }
    std::cerr << peer << " disconnected\n";
    ::close(fd);
}

}  // namespace notes
