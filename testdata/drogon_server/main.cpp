// A link shortener on Drogon: routes, the maintenance timers, the loop.
#include "links.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace drogon;

namespace {

std::string bannerText;

std::string readFile(const std::string &path) {
  std::ifstream in(path); // BLOCKING: file
  std::stringstream ss;
  ss << in.rdbuf(); // BLOCKING: file (the read itself)
  return ss.str();
}

void appendAccessLog(const std::string &line) {
  std::ofstream out("/var/log/shortener/access.log", std::ios::app); // OK: only reached from the worker pool
  out << line << '\n';
}

} // namespace

int main() {
  std::ifstream config("/etc/shortener.json"); // OK: before the loop runs
  bannerText = "shortener";

  // The health page re-reads the readiness file on every request.
  app().registerHandler(
      "/health",
      [](const HttpRequestPtr &, std::function<void(const HttpResponsePtr &)> &&callback) {
        auto resp = HttpResponse::newHttpResponse();
        resp->setBody(readFile("/run/shortener/ready"));
        callback(resp);
      },
      {Get});
  // The fixed twin: answers from memory.
  app().registerHandler(
      "/banner",
      [](const HttpRequestPtr &, std::function<void(const HttpResponsePtr &)> &&callback) {
        auto resp = HttpResponse::newHttpResponse();
        resp->setBody(bannerText);
        callback(resp);
      },
      {Get});

  trantor::EventLoop *loop = app().getLoop();
  // Backs off a second after the first minute, on the main loop.
  loop->runAfter(60.0, [] {
    sleep(1); // BLOCKING: sleep
  });
  // The fixed twin: the log line is written by a worker.
  loop->runEvery(10.0, [] {
    shortener::workers().runTaskInQueue([] { appendAccessLog("tick"); });
  });
  loop->runInLoop([] { bannerText += " (ready)"; }); // OK: nothing blocks

  app().addListener("0.0.0.0", 8080).setThreadNum(4);
  app().run();
}
