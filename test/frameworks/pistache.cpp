// Pistache with Debian's real headers (libpistache-dev): REST routes bound
// with Routes::Get/Post/... (a member function through Routes::bind, a free
// function, a lambda), Router::addCustomHandler, an Http::Handler's
// onRequest (HTTP_PROTOTYPE) and a promise's then() run on Pistache's
// reactor threads (checks/catalog/frameworks/pistache.json); Endpoint::serve
// runs them. Work handed to a std::thread is off the loop. Pistache 0.0.5's
// async.h needs -fdelayed-template-parsing to compile with Clang.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 -fdelayed-template-parsing \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/router.h>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

using namespace Pistache;

static std::string loadFile(const std::string &Path) {
  std::ifstream In(Path);
// CHECK: pistache.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: pistache.cpp:[[@LINE+17]]:40: note: 'UserApi::getUser' passed to 'Get' runs on the event loop
// CHECK-NEXT: pistache.cpp:[[@LINE+9]]:31: note: 'UserApi::getUser' calls 'loadFile' here
  std::string S;
  std::getline(In, S);
  return S;
}

class UserApi {
public:
  void getUser(const Rest::Request &Req, Http::ResponseWriter Resp) {
    Resp.send(Http::Code::Ok, loadFile("/var/users/" + Req.param(":id").as<std::string>()));
  }
  void putUser(const Rest::Request &, Http::ResponseWriter Resp) {
    std::thread([] { sleep(1); }).detach(); // no-warning: a thread of its own
    Resp.send(Http::Code::Accepted);
  }
  void setup(Rest::Router &R) {
    Rest::Routes::Get(R, "/users/:id", Rest::Routes::bind(&UserApi::getUser, this));
    Rest::Routes::Put(R, "/users/:id", Rest::Routes::bind(&UserApi::putUser, this));
  }
};

static void health(const Rest::Request &, Http::ResponseWriter Resp) {
  usleep(100);
// CHECK: pistache.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: pistache.cpp:[[@LINE+23]]:40: note: 'health' passed to 'Get' runs on the event loop
  Resp.send(Http::Code::Ok, "ok");
}

class EchoHandler : public Http::Handler {
public:
  HTTP_PROTOTYPE(EchoHandler)
  void onRequest(const Http::Request &Req, Http::ResponseWriter Resp) override {
    sleep(1);
// CHECK: pistache.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: pistache.cpp:[[@LINE-3]]:8: note: 'EchoHandler::onRequest' overrides 'Pistache::Http::Handler::onRequest', which runs on the event loop
    Resp.send(Http::Code::Ok, Req.body()).then(
        [](ssize_t) { usleep(1); },
// CHECK: pistache.cpp:[[@LINE-1]]:23: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: pistache.cpp:[[@LINE-2]]:9: note: lambda passed to 'then' runs on the event loop
        Async::IgnoreException);
  }
};

int main() {
  Rest::Router Router;
  UserApi Api;
  Api.setup(Router);
  Rest::Routes::Get(Router, "/health", Rest::Routes::bind(&health));
  Rest::Routes::Post(Router, "/echo", [](const Rest::Request &Req, Http::ResponseWriter Resp) {
    Resp.send(Http::Code::Ok, Req.body()); // no-warning: nothing blocks
    return Rest::Route::Result::Ok;
  });
  Router.addCustomHandler([](const Rest::Request &, Http::ResponseWriter) {
    std::ofstream Log("/var/log/api.log", std::ios::app);
// CHECK: pistache.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ofstream::basic_ofstream' on the event loop
// CHECK-NEXT: pistache.cpp:[[@LINE-3]]:27: note: lambda passed to 'addCustomHandler' runs on the event loop
    return Rest::Route::Result::Failure;
  });
  Http::Endpoint Server(Address(Ipv4::any(), Port(9080)));
  Server.init(Http::Endpoint::options().threads(2));
  Server.setHandler(Router.handler());
  Server.serve();
  Http::Endpoint Echo(Address(Ipv4::any(), Port(9081)));
  Echo.setHandler(Http::make_handler<EchoHandler>());
  Echo.serveThreaded();
}
// CHECK: stallscan: 5 findings in 1 file
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops (7 handlers, 0 coroutines, 0 reactor loops) and no thread-per-connection pattern was found
// CHECK-NEXT: evidence: 'Pistache::Http::Endpoint::serve' runs an event loop (1 call)
// CHECK-NEXT: evidence: 'Pistache::Http::Endpoint::serveThreaded' runs an event loop (1 call)
// CHECK-NEXT: evidence: 7 pistache handlers registered on an event loop
// CHECK: exit-code: 1
