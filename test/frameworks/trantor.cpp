// trantor (Drogon's network library), on a minimal header of stallscan's own
// (test/Inputs/include/trantor/): callbacks given to the TcpServer and
// TcpClient setters and to EventLoop::runInLoop / queueInLoop / runAfter /
// runEvery run on an EventLoop (checks/catalog/frameworks/trantor.json);
// a task given to a ConcurrentTaskQueue runs on its pool, and a thread of
// the program's own is off the loop. syncTaskInQueue waits for its task.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <trantor/net/TcpServer.h>
#include <trantor/utils/ConcurrentTaskQueue.h>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

static std::string loadTemplate(const std::string &Name) {
  std::ifstream In("/srv/templates/" + Name);
// CHECK: trantor.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: trantor.cpp:[[#RECV:@LINE+24]]:{{[0-9]+}}: note: lambda passed to 'setRecvMessageCallback' runs on the event loop
// CHECK-NEXT: trantor.cpp:[[#RECV+2]]:20: note: 'lambda in testServerCallbacks' calls 'loadTemplate' here
  std::string Out;
  std::getline(In, Out);
  return Out;
}

static std::string renderOffLoop(const std::string &Name) {
  std::ifstream In("/srv/templates/" + Name); // no-warning: only reached from the pool and the thread
  std::string Out;
  std::getline(In, Out);
  return Out;
}

static trantor::ConcurrentTaskQueue Pool(4, "render");

void testServerCallbacks(trantor::EventLoop *Loop) {
  trantor::TcpServer Server(Loop, trantor::InetAddress(8080), "demo");
  Server.setIoLoopNum(4);
  Server.setConnectionCallback(
      [](const trantor::TcpConnectionPtr &Conn) { // no-warning: nothing blocks
        Conn->send("hello\r\n");
      });
  Server.setRecvMessageCallback(
      [](const trantor::TcpConnectionPtr &Conn, trantor::MsgBuffer *Buf) {
        std::string Name = Buf->read(Buf->readableBytes());
        Conn->send(loadTemplate(Name));
        Pool.runTaskInQueue([Conn, Name] { // no-warning: the pool's thread
          Conn->send(renderOffLoop(Name));
        });
        Conn->sendFile("/srv/static/index.html"); // no-warning: trantor sends it from the loop without waiting
      });
  Server.start();
}

void testTimers(trantor::EventLoop *Loop) {
  Loop->runAfter(1.0, [] {
    usleep(100);
// CHECK: trantor.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: trantor.cpp:[[@LINE-3]]:23: note: lambda passed to 'runAfter' runs on the event loop
  });
  Loop->runEvery(5.0, [] { // no-warning: nothing blocks
  });
  Loop->queueInLoop([] {
    Pool.syncTaskInQueue([] { renderOffLoop("x"); });
// CHECK: trantor.cpp:[[@LINE-1]]:10: warning: blocking call to 'trantor::TaskQueue::syncTaskInQueue' on the event loop
// CHECK-NEXT: trantor.cpp:[[@LINE-3]]:21: note: lambda passed to 'queueInLoop' runs on the event loop
  });
}

void testClient(trantor::EventLoop *Loop) {
  trantor::TcpClient Client(Loop, trantor::InetAddress("127.0.0.1", 6379),
                            "cache");
  Client.setMessageCallback(
      [](const trantor::TcpConnectionPtr &, trantor::MsgBuffer *Buf) {
        Buf->retrieveAll();
        sleep(1);
// CHECK: trantor.cpp:[[@LINE-1]]:9: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: trantor.cpp:[[@LINE-4]]:7: note: lambda passed to 'setMessageCallback' runs on the event loop
      });
  Client.connect();
}

int main() {
  std::ifstream Config("/etc/demo.conf"); // no-warning: before the loop runs
  trantor::EventLoop Loop;
  std::thread Reloader([] { renderOffLoop("all"); }); // no-warning: a thread of its own
  testServerCallbacks(&Loop);
  testTimers(&Loop);
  testClient(&Loop);
  Loop.loop();
  Reloader.join();
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops
// CHECK-NEXT: evidence: 'trantor::EventLoop::loop' runs an event loop
// CHECK-NEXT: evidence: {{[0-9]+}} trantor handlers registered on an event loop
// CHECK: exit-code: 1
