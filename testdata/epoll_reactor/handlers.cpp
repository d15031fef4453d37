#include "handlers.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace reactor {
namespace {

Response text(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.body += '\n';
    return r;
}

Response handleStats(const ServerStats& s) {
    Response r;
    r.contentType = "application/json";
    r.body = "{\"accepted\":" + std::to_string(s.accepted) + ",\"open\":" + std::to_string(s.open) +
             ",\"requests\":" + std::to_string(s.requests) + ",\"bytes_in\":" +
             std::to_string(s.bytesIn) + ",\"bytes_out\":" + std::to_string(s.bytesOut) +
             ",\"parse_errors\":" + std::to_string(s.parseErrors) + "}\n";
    return r;
}

// Latency injection for client testing: GET /slow?ms=250 answers after the given delay.
Response handleSlow(const Request& req) {
    long ms = std::strtol(req.queryParam("ms").c_str(), nullptr, 10);
    if (ms <= 0) ms = 100;
    if (ms > 5000) return text(400, "ms must be <= 5000");
    usleep(static_cast<useconds_t>(ms) * 1000);  // BLOCKING: sleep
    return text(200, "slept " + std::to_string(ms) + "ms");
}

Response handleEcho(const Request& req) {
    Response r;
    auto it = req.headers.find("content-type");
    if (it != req.headers.end()) r.contentType = it->second;
    r.body = req.body;
    return r;
}

}  // namespace

Response handleRequest(const Request& req, const ServerStats& stats) {
    const std::string path = req.path();
    if (path == "/health") {
        if (req.method != "GET" && req.method != "HEAD") return text(405, "GET only");
        return text(200, "ok");
    }
    if (path == "/stats") return handleStats(stats);
    if (path == "/slow") return handleSlow(req);
    if (path == "/echo") {
        if (req.method != "POST") return text(405, "POST only");
        return handleEcho(req);
    }
    return text(404, "no route for " + path);
}

}  // namespace reactor
