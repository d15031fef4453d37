// notesd protocol:
//   ADD <notebook> <text...>   append a note
//   CAT <notebook>             print a notebook
//   WAIT <ms>                  sleep, for client timeout testing
//   STATS                      per-command statistics
//   QUIT
#pragma once

#include <string>
#include <string_view>

namespace notes {

struct Command {
    std::string verb;  // upper case
    std::string arg;
    std::string rest;
};

Command parse(std::string_view line);
bool valid_notebook(std::string_view name);

}  // namespace notes
