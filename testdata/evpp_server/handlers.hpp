// The protocol of the evpp sample: one command per message.
#pragma once
#include <evpp/tcp_server.h>
#include <string>

namespace quotes {
// Answers "QUOTE <symbol>" and "HISTORY <symbol>" on the connection's loop.
void onMessage(const evpp::TCPConnPtr &conn, evpp::Buffer *buf);
// The cached quotes, refreshed by main's timer.
void refreshCache();
} // namespace quotes
