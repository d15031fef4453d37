// The HTTP side of the file server: hv::HttpService routes. libhv runs a
// sync handler int(HttpRequest*, HttpResponse*) on the IO loop that serves
// the connection, and an async one void(const HttpRequestPtr&,
// const HttpResponseWriterPtr&) on hv::async's thread pool.
#include "http.h"

#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string loadReport(const std::string &day) {
  std::ifstream in("/var/lib/filesrv/reports/" + day); // BLOCKING: file
  std::stringstream ss;
  ss << in.rdbuf(); // BLOCKING: file (the read itself)
  return ss.str();
}

} // namespace

void http_routes(hv::HttpService &router) {
  // A sync handler: it reads the report on the IO loop.
  router.GET("/report", [](HttpRequest *req, HttpResponse *resp) {
    return resp->String(loadReport(req->query_params["day"]));
  });
  // The fixed twin: the same work as an async handler runs on the pool.
  router.GET("/export", [](const HttpRequestPtr &req,
                           const HttpResponseWriterPtr &writer) {
    std::ofstream out("/var/lib/filesrv/exports/" + req->path); // OK: hv::async's pool
    out << req->body;
    writer->End();
  });
  // A ctx handler on the IO loop that only answers from memory.
  router.GET("/ping", [](const HttpContextPtr &ctx) {
    return ctx->send("pong"); // OK: no blocking call
  });
}
