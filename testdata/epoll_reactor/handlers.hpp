// Request routing for the epoll HTTP server.
#pragma once

#include <cstdint>

#include "http.hpp"

namespace reactor {

struct ServerStats {
    std::uint64_t accepted = 0;
    std::uint64_t open = 0;
    std::uint64_t requests = 0;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t parseErrors = 0;
};

Response handleRequest(const Request& req, const ServerStats& stats);

}  // namespace reactor
