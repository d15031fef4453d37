// Per-connection handler; each call runs on its own detached std::thread.
#pragma once

#include <string>

namespace notes {

struct ServerOptions {
    std::string notes_dir = "notes";
    unsigned max_wait_ms = 10000;
};

void handle_client(int fd, ServerOptions options);

}  // namespace notes
