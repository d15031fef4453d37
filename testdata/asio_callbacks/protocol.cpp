#include "protocol.hpp"

#include <algorithm>
#include <cctype>

namespace kv {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Splits off the next whitespace-delimited token from `s`.
std::string_view next_token(std::string_view& s) {
    s = trim(s);
    auto end = s.find_first_of(" \t");
    std::string_view tok = s.substr(0, end);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    return tok;
}

CommandType classify(const std::string& verb) {
    if (verb == "GET") return CommandType::Get;
    if (verb == "SET") return CommandType::Set;
    if (verb == "DEL") return CommandType::Del;
    if (verb == "PROXY") return CommandType::Proxy;
    if (verb == "SNAPSHOT") return CommandType::Snapshot;
    if (verb == "STATS") return CommandType::Stats;
    if (verb == "QUIT") return CommandType::Quit;
    return CommandType::Unknown;
}

bool valid_key(std::string_view key) {
    if (key.empty() || key.size() > 250) return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
               c == ':';
    });
}

}  // namespace

std::optional<Command> parse_command(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = trim(line);
    if (line.empty()) return std::nullopt;

    Command cmd;
    std::string_view verb = next_token(line);
    cmd.verb.assign(verb.begin(), verb.end());
    std::transform(cmd.verb.begin(), cmd.verb.end(), cmd.verb.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    cmd.type = classify(cmd.verb);

    std::string_view key = next_token(line);
    cmd.key.assign(key.begin(), key.end());
    if (cmd.type == CommandType::Proxy) {
        std::string_view port = next_token(line);
        cmd.value.assign(port.begin(), port.end());
    } else {
        std::string_view rest = trim(line);
        cmd.value.assign(rest.begin(), rest.end());
    }
    return cmd;
}

std::string validate(const Command& cmd) {
    switch (cmd.type) {
        case CommandType::Get:
        case CommandType::Del:
            if (!valid_key(cmd.key)) return "bad key";
            return {};
        case CommandType::Set:
            if (!valid_key(cmd.key)) return "bad key";
            if (cmd.value.size() > 64 * 1024) return "value too large";
            return {};
        case CommandType::Proxy:
            if (cmd.key.empty() || cmd.value.empty()) return "usage: PROXY <host> <port>";
            return {};
        case CommandType::Snapshot:
        case CommandType::Stats:
        case CommandType::Quit:
            return {};
        case CommandType::Unknown:
            break;
    }
    return "unknown command '" + cmd.verb + "'";
}

std::string reply_ok(std::string_view payload) {
    std::string out = "+OK";
    if (!payload.empty()) {
        out += ' ';
        out.append(payload.begin(), payload.end());
    }
    out += "\r\n";
    return out;
}

std::string reply_value(std::string_view value) {
    std::string out = "$" + std::to_string(value.size()) + "\r\n";
    out.append(value.begin(), value.end());
    out += "\r\n";
    return out;
}

std::string reply_error(std::string_view reason) {
    std::string out = "-ERR ";
    out.append(reason.begin(), reason.end());
    out += "\r\n";
    return out;
}

const char* to_string(CommandType type) {
    switch (type) {
        case CommandType::Get: return "GET";
        case CommandType::Set: return "SET";
        case CommandType::Del: return "DEL";
        case CommandType::Proxy: return "PROXY";
        case CommandType::Snapshot: return "SNAPSHOT";
        case CommandType::Stats: return "STATS";
        case CommandType::Quit: return "QUIT";
        case CommandType::Unknown: break;
    }
    return "UNKNOWN";
}

}  // namespace kv
