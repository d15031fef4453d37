#include "tickets.hpp"

#include <string>
#include <thread>

namespace tickets {
namespace {

int collectRow(void *out, int columns, char **values, char **) {
  auto *text = static_cast<std::string *>(out);
  for (int i = 0; i < columns; ++i)
    *text += std::string(values[i] ? values[i] : "") + "\n";
  return 0;
}

std::string queryTicket(sqlite3 *db, const std::string &id) {
  std::string sql = "SELECT subject, body FROM tickets WHERE id = " + std::to_string(std::stol(id));
  std::string text;
  sqlite3_exec(db, sql.c_str(), collectRow, &text, nullptr); // BLOCKING: db
  return text;
}

} // namespace

void addRoutes(uWS::App &app, sqlite3 *db) {
  app.get("/tickets/:id", [db](auto *res, auto *req) {
    res->end(queryTicket(db, std::string(req->getParameter(0))));
  });
  // The fixed twin: a thread of its own runs the query on its own connection
  // and hands the text back to this loop with defer.
  app.get("/v2/tickets/:id", [](auto *res, auto *req) {
    auto aborted = std::make_shared<bool>(false);
    res->onAborted([aborted] { *aborted = true; });
    uWS::Loop *loop = uWS::Loop::get();
    std::thread([res, loop, aborted, id = std::string(req->getParameter(0))] {
      sqlite3 *own = nullptr;
      std::string text;
      if (sqlite3_open_v2("/var/lib/tickets.db", &own, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) { // OK: a thread of its own
        std::string sql = "SELECT subject, body FROM tickets WHERE id = " + std::to_string(std::stol(id));
        sqlite3_exec(own, sql.c_str(), collectRow, &text, nullptr); // OK: a thread of its own
        sqlite3_close(own);
      }
      loop->defer([res, aborted, text] {
        if (!*aborted)
          res->end(text); // OK: back on the loop
      });
    }).detach();
  });
}

} // namespace tickets
