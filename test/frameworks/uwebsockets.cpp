// uWebSockets, on minimal headers of stallscan's own
// (test/Inputs/include/uWebSockets/): HTTP route handlers (generic lambdas,
// as its users write them), the WebSocket behaviour's callbacks given in a
// designated initializer to App::ws<UserData>, the response's onData /
// onAborted callbacks and Loop::defer run on the thread's loop
// (checks/catalog/frameworks/uwebsockets.json); a thread of the program's own
// that hands its result back with Loop::defer is off the loop. One loop per
// thread: an App run on each of several threads has its handlers on each
// thread's loop.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <uWebSockets/App.h>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

struct PerSocketData {
  int Id;
};

static std::string readPage(const std::string &Path) {
  std::ifstream In(Path);
// CHECK: uwebsockets.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: uwebsockets.cpp:[[#GET:@LINE+31]]:{{[0-9]+}}: note: lambda passed to 'get' runs on the event loop
// CHECK-NEXT: uwebsockets.cpp:[[#GET+1]]:{{[0-9]+}}: note: 'lambda in testApp' calls 'readPage' here
  std::string S;
  std::getline(In, S);
  return S;
}

static std::string renderOffLoop(const std::string &Path) {
  std::ifstream In(Path); // no-warning: only reached from threads of the program's own
  std::string S;
  std::getline(In, S);
  return S;
}

void testApp() {
  uWS::App()
      .ws<PerSocketData>(
          "/chat",
          {.compression = uWS::SHARED_COMPRESSOR,
           .open = [](auto *Ws) { // no-warning: nothing blocks
             Ws->subscribe("chat");
           },
           .message =
               [](auto *Ws, std::string_view Msg, uWS::OpCode Op) {
                 usleep(100);
// CHECK: uwebsockets.cpp:[[@LINE-1]]:18: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: uwebsockets.cpp:[[@LINE-3]]:16: note: lambda stored in 'uWS::TemplatedApp::WebSocketBehavior::message' runs on the event loop
                 Ws->send(Msg, Op);
               },
           .close = [](auto *Ws, int Code, std::string_view) { // no-warning: nothing blocks
           }})
      .get("/page", [](auto *Res, auto *Req) {
        Res->end(readPage(std::string(Req->getUrl())));
      })
      .post("/upload", [](auto *Res, auto *Req) {
        Res->onAborted([] { // no-warning: nothing blocks
        });
        Res->onData([Res](std::string_view Chunk, bool Last) {
          sleep(1);
// CHECK: uwebsockets.cpp:[[@LINE-1]]:11: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: uwebsockets.cpp:[[@LINE-3]]:21: note: lambda passed to 'onData' runs on the event loop
          if (Last)
            Res->end("ok");
        });
      })
      .get("/report", [](auto *Res, auto *Req) {
        Res->onAborted([] {});
        uWS::Loop *Loop = uWS::Loop::get();
        std::thread([Res, Loop] { // no-warning: a thread of its own
          std::string Page = renderOffLoop("/srv/report.html");
          Loop->defer([Res, Page] { Res->end(Page); }); // no-warning: nothing blocks
        }).detach();
      })
      .any("/*", [](auto *Res, auto *Req) { // no-warning: answers at once
        Res->writeStatus("404 Not Found")->end();
      })
      .listen(9001, [](auto *ListenSocket) { // no-warning: called by listen, before the loop
        std::ifstream Log("/var/log/listen.log");
      })
      .run();
}

void testDeferAndNestedLoop() {
  uWS::Loop::get()->defer([] {
    std::ifstream In("/etc/motd");
// CHECK: uwebsockets.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: uwebsockets.cpp:[[@LINE-3]]:27: note: lambda passed to 'defer' runs on the event loop
  });
  uWS::App().get("/reload", [](auto *Res, auto *Req) {
    uWS::App().run();
// CHECK: uwebsockets.cpp:[[@LINE-1]]:16: warning: blocking call to 'uWS::TemplatedApp::run' on the event loop
// CHECK-NEXT: uwebsockets.cpp:[[@LINE-3]]:29: note: lambda passed to 'get' runs on the event loop
    Res->end();
  });
}

int main() {
  std::ifstream Config("/etc/demo.conf"); // no-warning: before any loop runs
  std::vector<std::thread> Threads;
  for (int I = 0; I < 4; ++I)
    Threads.emplace_back([] { testApp(); }); // one App and one loop per thread
  testDeferAndNestedLoop();
  uWS::run();
  for (auto &T : Threads)
    T.join(); // no-warning: after the loop returned
}
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops
// CHECK: exit-code: 1
