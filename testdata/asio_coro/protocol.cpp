#include "protocol.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace linesrv {
namespace {

std::vector<std::string_view> split(std::string_view line, std::size_t max_parts) {
    std::vector<std::string_view> parts;
    while (!line.empty() && parts.size() + 1 < max_parts) {
        const auto start = line.find_first_not_of(' ');
        if (start == std::string_view::npos) return parts;
        line.remove_prefix(start);
        const auto end = line.find(' ');
        parts.push_back(line.substr(0, end));
        line.remove_prefix(end == std::string_view::npos ? line.size() : end);
    }
    const auto start = line.find_first_not_of(' ');
    if (start != std::string_view::npos) parts.push_back(line.substr(start));
    return parts;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
           });
}

Request invalid(std::string why) {
    Request r;
    r.error = std::move(why);
    return r;
}

}  // namespace

Request parse_request(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    const auto parts = split(line, 3);
    if (parts.empty()) return invalid("empty request");

    Request r;
    const std::string_view verb = parts[0];
    if (iequals(verb, "PUT")) {
        if (parts.size() != 3) return invalid("usage: PUT <key> <value>");
        r.verb = Verb::Put;
        r.key = parts[1];
        r.value = parts[2];
    } else if (iequals(verb, "GET")) {
        if (parts.size() != 2) return invalid("usage: GET <key>");
        r.verb = Verb::Get;
        r.key = parts[1];
    } else if (iequals(verb, "WAIT")) {
        unsigned ms = 0;
        if (parts.size() != 2) return invalid("usage: WAIT <ms>");
        auto [p, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), ms);
        if (ec != std::errc() || p != parts[1].data() + parts[1].size() || ms > 60000)
            return invalid("bad delay");
        r.verb = Verb::Wait;
        r.delay = std::chrono::milliseconds(ms);
    } else if (iequals(verb, "EXPORT")) {
        if (parts.size() != 2) return invalid("usage: EXPORT <name>");
        if (parts[1].find('/') != std::string_view::npos) return invalid("bad export name");
        r.verb = Verb::Export;
        r.key = parts[1];
    } else if (iequals(verb, "EXPORTED")) {
        r.verb = Verb::ExportStatus;
    } else if (iequals(verb, "COUNT")) {
        r.verb = Verb::Count;
    } else if (iequals(verb, "REPORT")) {
        r.verb = Verb::Report;
    } else if (iequals(verb, "STATS")) {
        r.verb = Verb::Stats;
    } else if (iequals(verb, "QUIT")) {
        r.verb = Verb::Quit;
    } else {
        return invalid("unknown verb");
    }
    if (r.key.size() > 200) return invalid("key too long");
    return r;
}

std::string ok(std::string_view text) {
    std::string out = "OK";
    if (!text.empty()) {
        out += ' ';
        out += text;
    }
    out += '\n';
    return out;
}

std::string err(std::string_view text) {
    std::string out = "ERR ";
    out += text;
    out += '\n';
    return out;
}

std::string bulk(std::string_view payload) {
    std::string out = "DATA " + std::to_string(payload.size()) + '\n';
    out += payload;
    out += '\n';
    return out;
}

}  // namespace linesrv
