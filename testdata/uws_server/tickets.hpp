// A support-ticket service on uWebSockets: HTTP routes over SQLite.
#pragma once
#include <uWebSockets/App.h>
#include <sqlite3.h>

namespace tickets {
// Adds GET /tickets/:id and GET /v2/tickets/:id to the app.
void addRoutes(uWS::App &app, sqlite3 *db);
} // namespace tickets
