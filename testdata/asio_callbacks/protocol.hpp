// Line protocol for the callback-style key/value server.
//
//   SET <key> <value...>   store a value (journaled)
//   GET <key>              fetch a value
//   DEL <key>              remove a value (journaled)
//   PROXY <host> <port>    resolve an upstream and probe it
//   SNAPSHOT               write the whole store to disk (worker pool)
//   STATS                  counters for this session
//   QUIT                   close the connection
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kv {

enum class CommandType { Get, Set, Del, Proxy, Snapshot, Stats, Quit, Unknown };

struct Command {
    CommandType type = CommandType::Unknown;
    std::string verb;   // upper-cased verb as received
    std::string key;    // key, or host for PROXY
    std::string value;  // value, or port for PROXY
};

// Parses one line without its trailing newline. Returns std::nullopt for blank lines.
std::optional<Command> parse_command(std::string_view line);

// Validates arity; returns an error message or an empty string when the command is usable.
std::string validate(const Command& cmd);

std::string reply_ok(std::string_view payload = {});
std::string reply_value(std::string_view value);
std::string reply_error(std::string_view reason);

const char* to_string(CommandType type);

}  // namespace kv
