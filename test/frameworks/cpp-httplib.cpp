// cpp-httplib with Debian's real httplib.h: Server::listen serves each
// connection on a thread of its pool with blocking I/O, and route handlers
// run there (checks/catalog/frameworks/cpp-httplib.json). That is a
// synchronous design: a handler that reads a file holds one pool thread, not
// an event loop, so nothing is reported, and the verdict says so. A lock
// taken by every handler still serialises the requests, and blocking under
// it is still a finding.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <httplib.h>
#include <fstream>
#include <mutex>
#include <string>

static std::mutex StatsMu;
static long Hits;

static std::string readPage(const std::string &Path) {
  std::ifstream In(Path); // no-warning: a pool thread, not an event loop
  std::string S;
  std::getline(In, S);
  return S;
}

static void countHit() {
  std::lock_guard<std::mutex> G(StatsMu);
// CHECK: cpp-httplib.cpp:[[@LINE-1]]:31: warning: lock 'StatsMu' serialises every request (a global, reached from 2 request entry points)
  ++Hits;
  std::ofstream Log("/var/log/hits", std::ios::app);
// CHECK: cpp-httplib.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ofstream::basic_ofstream' while lock 'StatsMu' is held
// CHECK-NEXT: cpp-httplib.cpp:[[@LINE-5]]:31: note: lock 'StatsMu' acquired here
}

int main() {
  httplib::Server Svr;
  Svr.Get("/page", [](const httplib::Request &Req, httplib::Response &Res) {
    countHit();
    Res.set_content(readPage("/srv" + Req.path), "text/html");
  });
  Svr.Post("/echo", [](const httplib::Request &Req, httplib::Response &Res) {
    countHit();
    Res.set_content(Req.body, "text/plain");
  });
  Svr.set_error_handler([](const httplib::Request &, httplib::Response &Res) {
    Res.set_content(readPage("/srv/404.html"), "text/html");
  });
  Svr.listen("0.0.0.0", 8080);
}
// CHECK: stallscan: 2 findings in 1 file
// CHECK-NEXT: architecture: synchronous: connections are served by threads doing blocking I/O and no event loop was found
// CHECK-NEXT: evidence: 'main' runs 'httplib::Server::listen', which serves each connection on a pool thread with blocking I/O
// CHECK: exit-code: 1
