#include "links.hpp"

#include <fstream>
#include <utility>

namespace shortener {

using drogon::HttpResponse;
using drogon::HttpResponsePtr;

trantor::ConcurrentTaskQueue &workers() {
  static trantor::ConcurrentTaskQueue pool(4, "workers");
  return pool;
}

void Links::resolve(const drogon::HttpRequestPtr &,
                    std::function<void(const HttpResponsePtr &)> &&callback,
                    std::string code) {
  auto db = drogon::app().getDbClient();
  auto rows = db->execSqlSync("select target from links where code=$1", code); // BLOCKING: db
  auto resp = HttpResponse::newHttpResponse();
  if (rows.size() == 0)
    resp->setStatusCode(drogon::k404NotFound);
  callback(resp);
}

// The fixed twin: the query runs on the client's connection, the reply goes
// out from its callback.
void Links::resolveAsync(const drogon::HttpRequestPtr &,
                         std::function<void(const HttpResponsePtr &)> &&callback,
                         std::string code) {
  drogon::app().getDbClient()->execSqlAsync( // OK: asynchronous twin of execSqlSync
      "select target from links where code=$1",
      [callback](const drogon::orm::Result &rows) {
        auto resp = HttpResponse::newHttpResponse();
        if (rows.size() == 0)
          resp->setStatusCode(drogon::k404NotFound);
        callback(resp);
      },
      [callback](const std::exception_ptr &) {
        callback(HttpResponse::newNotFoundResponse());
      },
      code);
}

drogon::Task<HttpResponsePtr> Links::stats(drogon::HttpRequestPtr,
                                           std::string code) {
  auto rows = co_await drogon::app().getDbClient()->execSqlCoro( // OK: suspends the handler
      "select count(*) from hits where code=$1", code);
  auto resp = HttpResponse::newHttpResponse();
  resp->setBody(std::to_string(rows.size()));
  co_return resp;
}

static void writeExport(const std::string &path) {
  std::ofstream out(path, std::ios::trunc); // OK: only reached from the worker pool
  out << "code,target\n";
}

void Links::exportAll(const drogon::HttpRequestPtr &req,
                      std::function<void(const HttpResponsePtr &)> &&callback) {
  std::string path = "/var/lib/shortener/export-" + req->getParameter("name") + ".csv";
  workers().runTaskInQueue([path, callback = std::move(callback)] {
    writeExport(path);
    callback(HttpResponse::newHttpResponse());
  });
}

} // namespace shortener
