#include "http.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace reactor {
namespace {

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool parseRequestLine(std::string_view line, Request& out) {
    const auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return false;
    const auto sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) return false;
    out.method = std::string(line.substr(0, sp1));
    out.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    out.version = std::string(trim(line.substr(sp2 + 1)));
    return !out.method.empty() && !out.target.empty() && out.target[0] == '/' &&
           (out.version == "HTTP/1.1" || out.version == "HTTP/1.0");
}

}  // namespace

std::string Request::path() const {
    return target.substr(0, target.find('?'));
}

std::string Request::queryParam(std::string_view name) const {
    const auto q = target.find('?');
    if (q == std::string::npos) return {};
    std::string_view query(target);
    query.remove_prefix(q + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

bool Request::keepAlive() const {
    auto it = headers.find("connection");
    const std::string value = it == headers.end() ? std::string() : lower(it->second);
    if (version == "HTTP/1.0") return value == "keep-alive";
    return value != "close";
}

std::string Response::serialize() const {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status) + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += "Server: epoll-reactor\r\n";
    if (close) out += "Connection: close\r\n";
    out += "\r\n";
    out += body;
    return out;
}

ParseResult parseRequest(std::string_view buffer, Request& out, std::size_t& consumed,
                         std::string& error) {
    const auto headerEnd = buffer.find("\r\n\r\n");
    if (headerEnd == std::string_view::npos) {
        if (buffer.size() > kMaxHeaderBytes) {
            error = "header section too large";
            return ParseResult::Error;
        }
        return ParseResult::Incomplete;
    }

    out = Request{};
    std::string_view head = buffer.substr(0, headerEnd);
    auto lineEnd = head.find("\r\n");
    if (!parseRequestLine(head.substr(0, lineEnd), out)) {
        error = "malformed request line";
        return ParseResult::Error;
    }
    while (lineEnd != std::string_view::npos) {
        head.remove_prefix(lineEnd + 2);
        lineEnd = head.find("\r\n");
        std::string_view line = head.substr(0, lineEnd);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            error = "malformed header";
            return ParseResult::Error;
        }
        out.headers[lower(line.substr(0, colon))] = std::string(trim(line.substr(colon + 1)));
    }

    std::size_t bodyLen = 0;
    if (auto it = out.headers.find("content-length"); it != out.headers.end()) {
        char* end = nullptr;
        bodyLen = std::strtoul(it->second.c_str(), &end, 10);
        if (end == it->second.c_str() || *end != '\0' || bodyLen > kMaxBodyBytes) {
            error = "bad content-length";
            return ParseResult::Error;
        }
    }
    const std::size_t total = headerEnd + 4 + bodyLen;
    if (buffer.size() < total) return ParseResult::Incomplete;
    out.body = std::string(buffer.substr(headerEnd + 4, bodyLen));
    consumed = total;
    return ParseResult::Complete;
}

const char* reasonPhrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 400: return "Bad Request";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 413: return "Payload Too Large";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Unknown";
    }
}

}  // namespace reactor
