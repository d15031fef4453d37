// A support-ticket service on uWebSockets: routes, a live-update WebSocket,
// the loop.
#include "tickets.hpp"

#include <fstream>
#include <string>
#include <string_view>

// Per-socket data of a connected support agent.
struct Agent {
  std::string name;
};

namespace {

void appendTranscript(std::string_view line) {
  std::ofstream out("/var/log/tickets/transcript.log", std::ios::app); // BLOCKING: file
  out << line << '\n';
}

} // namespace

int main() {
  sqlite3 *db = nullptr;
  sqlite3_open("/var/lib/tickets.db", &db); // OK: before the loop runs

  uWS::App app;
  tickets::addRoutes(app, db);
  app.ws<Agent>("/live",
                {.open = [](auto *ws) { ws->subscribe("tickets"); }, // OK: nothing blocks
                 .message =
                     [](auto *ws, std::string_view message, uWS::OpCode op) {
                       appendTranscript(message);
                       ws->publish("tickets", message, op);
                     },
                 .close = [](auto *, int, std::string_view) {}})
      .listen(9001, [](auto *socket) { (void)socket; })
      .run();
  sqlite3_close(db);
}
