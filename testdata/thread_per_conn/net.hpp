// Blocking socket helpers for the thread-per-connection server.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace notes {

// Buffers a blocking socket and hands out '\n'-terminated lines.
class LineReader {
public:
    explicit LineReader(int fd, std::size_t max_line = 8192) : fd_(fd), max_line_(max_line) {}

    // Blocks until a full line arrives. std::nullopt on EOF, error or an over-long line.
    std::optional<std::string> next();

private:
    int fd_;
    std::size_t max_line_;
    std::string buffer_;
};

// Writes everything, blocking as long as needed.
bool send_all(int fd, std::string_view data);

std::string peer_name(int fd);

}  // namespace notes
