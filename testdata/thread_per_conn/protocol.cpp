#include "protocol.hpp"

#include <cctype>

namespace notes {
namespace {

std::string_view take_word(std::string_view& s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    const auto end = s.find(' ');
    std::string_view word = s.substr(0, end);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return word;
}

}  // namespace

Command parse(std::string_view line) {
    Command cmd;
    std::string_view verb = take_word(line);
    for (char c : verb) cmd.verb += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    cmd.arg = std::string(take_word(line));
    cmd.rest = std::string(line);
    return cmd;
}

bool valid_notebook(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '.') return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (!std::isalnum(u) && c != '-' && c != '_') return false;
    }
    return true;
}

}  // namespace notes
