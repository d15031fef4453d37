// evpp (Qihoo360's network library on libevent), on minimal headers of
// stallscan's own (test/Inputs/include/evpp/): callbacks given to the
// TCPServer and TCPClient setters, to EventLoop::RunInLoop / QueueInLoop /
// RunAfter / RunEvery, to an event watcher's constructor and to the HTTP
// server's RegisterHandler / RegisterDefaultHandler run on an EventLoop
// (checks/catalog/frameworks/evpp.json); a thread of the program's own is
// off the loop. evpp's own traps: a nested EventLoop::Run, a thread pool
// stopped with Stop(true) (it joins the loop threads) and the blocking UDP
// client. udp::Server's handler runs on a loop of its pool.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <evpp/event_loop.h>
#include <evpp/http/http_server.h>
#include <evpp/tcp_server.h>
#include <evpp/udp/sync_udp_client.h>
#include <evpp/udp/udp_server.h>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

static std::string loadTemplate(const std::string &Name) {
  std::ifstream In("/srv/templates/" + Name);
// CHECK: evpp.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: evpp.cpp:[[#MSG:@LINE+21]]:{{[0-9]+}}: note: lambda passed to 'SetMessageCallback' runs on the event loop
// CHECK-NEXT: evpp.cpp:[[#MSG+2]]:20: note: 'lambda in testServerCallbacks' calls 'loadTemplate' here
  std::string Out;
  std::getline(In, Out);
  return Out;
}

static std::string renderOffLoop(const std::string &Name) {
  std::ifstream In("/srv/templates/" + Name); // no-warning: only reached from threads of the program's own
  std::string Out;
  std::getline(In, Out);
  return Out;
}

void testServerCallbacks(evpp::EventLoop *Loop) {
  evpp::TCPServer Server(Loop, "0.0.0.0:9099", "demo", 4);
  Server.SetConnectionCallback(
      [](const evpp::TCPConnPtr &Conn) { // no-warning: nothing blocks
        Conn->Send("hello\r\n");
      });
  Server.SetMessageCallback(
      [](const evpp::TCPConnPtr &Conn, evpp::Buffer *Buf) {
        std::string Name = Buf->NextAllString();
        Conn->Send(loadTemplate(Name));
        std::thread([Conn, Name] { // no-warning: a thread of its own
          Conn->Send(renderOffLoop(Name));
        }).detach();
      });
  Server.Init();
  Server.Start();
}

void testTimers(evpp::EventLoop *Loop, evpp::EventLoopThreadPool *Pool) {
  Loop->RunAfter(100.0, [] {
    usleep(100);
// CHECK: evpp.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: evpp.cpp:[[@LINE-3]]:25: note: lambda passed to 'RunAfter' runs on the event loop
  });
  Loop->RunEvery(evpp::Duration(5.0), [] { // no-warning: nothing blocks
  });
  Loop->QueueInLoop([Pool] {
    Pool->Stop(true);
// CHECK: evpp.cpp:[[@LINE-1]]:11: warning: blocking call to 'evpp::EventLoopThreadPool::Stop' on the event loop
// CHECK-NEXT: evpp.cpp:[[@LINE-3]]:21: note: lambda passed to 'QueueInLoop' runs on the event loop
  });
  Loop->RunInLoop([Pool] {
    Pool->Stop();      // no-warning: the default does not wait
    Pool->Stop(false); // no-warning: does not wait
    evpp::EventLoopThreadPool::DoneCallback Done = [] {};
    Pool->Stop(Done); // no-warning: calls back when stopped
    Pool->GetNextLoop()->RunInLoop([] { // no-warning: nothing blocks
    });
  });
  auto Watcher = std::make_shared<evpp::TimerEventWatcher>(
      Loop, [] { sleep(1); }, evpp::Duration(1.0));
// CHECK: evpp.cpp:[[@LINE-1]]:18: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: evpp.cpp:[[@LINE-2]]:13: note: lambda passed to 'TimerEventWatcher' runs on the event loop
  Watcher->Init();
  Watcher->AsyncWait();
}

void testNestedLoop(evpp::EventLoop *Loop) {
  Loop->RunInLoop([] {
    evpp::EventLoop Inner;
    Inner.Run();
// CHECK: evpp.cpp:[[@LINE-1]]:11: warning: blocking call to 'evpp::EventLoop::Run' on the event loop
// CHECK-NEXT: evpp.cpp:[[@LINE-4]]:19: note: lambda passed to 'RunInLoop' runs on the event loop
  });
}

void testHttpServer() {
  evpp::http::Server Server(4);
  Server.RegisterHandler(
      "/report", [](evpp::EventLoop *, const evpp::http::ContextPtr &Ctx,
                    const evpp::http::HTTPSendResponseCallback &Reply) {
        sleep(1);
// CHECK: evpp.cpp:[[@LINE-1]]:9: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: evpp.cpp:[[@LINE-4]]:18: note: lambda passed to 'RegisterHandler' runs on the event loop
        Reply(Ctx->body());
      });
  Server.RegisterDefaultHandler(
      [](evpp::EventLoop *Loop, const evpp::http::ContextPtr &Ctx,
         const evpp::http::HTTPSendResponseCallback &Reply) { // no-warning: replies at once
        Reply("not found");
      });
  Server.Init(8080);
  Server.Start();
}

void testClients(evpp::EventLoop *Loop) {
  evpp::TCPClient Client(Loop, "127.0.0.1:6379", "cache");
  Client.SetMessageCallback([](const evpp::TCPConnPtr &, evpp::Buffer *Buf) {
    evpp::udp::sync::Client Udp;
    Udp.Connect("127.0.0.1", 53);
    std::string Reply = Udp.DoRequest(Buf->NextAllString(), 100);
// CHECK: evpp.cpp:[[@LINE-1]]:29: warning: blocking call to 'evpp::udp::sync::Client::DoRequest' on the event loop
// CHECK-NEXT: evpp.cpp:[[@LINE-5]]:29: note: lambda passed to 'SetMessageCallback' runs on the event loop
  });
  Client.SetConnectionCallback([](const evpp::TCPConnPtr &Conn) { // no-warning: nothing blocks
    Conn->Send("PING\r\n");
  });
  Client.Connect();
}

void testUdpServer(std::shared_ptr<evpp::EventLoopThreadPool> Pool) {
  evpp::udp::Server Server;
  Server.SetEventLoopThreadPool(Pool);
  Server.SetMessageHandler([](evpp::EventLoop *, evpp::udp::MessagePtr &Msg) {
    std::ifstream In("/srv/udp/" + Msg->NextAllString());
// CHECK: evpp.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: evpp.cpp:[[@LINE-3]]:28: note: lambda passed to 'SetMessageHandler' runs on the event loop
  });
  Server.Init(5353);
  Server.Start();
}

int main() {
  std::ifstream Config("/etc/demo.conf"); // no-warning: before the loop runs
  evpp::EventLoop Loop;
  evpp::EventLoopThreadPool Pool(&Loop, 4);
  Pool.Start(true);
  std::thread Reloader([] { renderOffLoop("all"); }); // no-warning: a thread of its own
  testServerCallbacks(&Loop);
  testTimers(&Loop, &Pool);
  testNestedLoop(&Loop);
  testHttpServer();
  testClients(&Loop);
  testUdpServer(std::make_shared<evpp::EventLoopThreadPool>(&Loop, 2));
  Loop.Run();
  Pool.Stop(true); // no-warning: after the loop returned
  Pool.Join();     // no-warning: after the loop returned
  Reloader.join();
}
// CHECK: stallscan: 8 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops
// CHECK-NEXT: evidence: 'evpp::EventLoop::Run' runs an event loop
// CHECK-NEXT: evidence: {{[0-9]+}} evpp handlers registered on an event loop
// CHECK: exit-code: 1
