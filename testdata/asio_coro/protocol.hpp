// Request parsing for the coroutine line server.
//
//   PUT <key> <value...>   GET <key>   COUNT   WAIT <ms>
//   REPORT                 EXPORT <name>       EXPORTED   STATS   QUIT
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace linesrv {

enum class Verb { Put, Get, Count, Wait, Report, Export, ExportStatus, Stats, Quit, Invalid };

struct Request {
    Verb verb = Verb::Invalid;
    std::string key;
    std::string value;
    std::chrono::milliseconds delay{0};
    std::string error;  // set when verb == Invalid
};

Request parse_request(std::string_view line);

std::string ok(std::string_view text = {});
std::string err(std::string_view text);
std::string bulk(std::string_view payload);

}  // namespace linesrv
