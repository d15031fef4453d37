// Minimal HTTP/1.x request parser and response serializer.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace reactor {

struct Request {
    std::string method;
    std::string target;   // path plus optional "?query"
    std::string version;  // "HTTP/1.0" or "HTTP/1.1"
    std::map<std::string, std::string> headers;  // lower-cased names
    std::string body;

    std::string path() const;
    std::string queryParam(std::string_view name) const;
    bool keepAlive() const;
};

struct Response {
    int status = 200;
    std::string contentType = "text/plain; charset=utf-8";
    std::string body;
    bool close = false;

    std::string serialize() const;
};

enum class ParseResult { Complete, Incomplete, Error };

// Tries to parse one request from the front of `buffer`. On Complete, `consumed` is set to the
// number of bytes that belong to the request.
ParseResult parseRequest(std::string_view buffer, Request& out, std::size_t& consumed,
                         std::string& error);

const char* reasonPhrase(int status);

}  // namespace reactor
