// libhv's C++ layer, on a minimal header of stallscan's own
// (test/Inputs/include/hv/EventLoop.h): lambdas assigned to hv::TcpServer's
// onConnection / onMessage std::function members (handler_fields in
// checks/catalog/frameworks/libhv.json) and given to hv::EventLoop's
// runInLoop / queueInLoop / setTimeout / setInterval, and a captureless
// lambda given to the C API as a function pointer, run on the loop; a
// lambda kept in an unrelated std::function member, or run on a thread of
// the program's own or registered with atexit, does not.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <hv/EventLoop.h>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

struct Settings {
  std::function<void()> onReload; // not a libhv callback
};

static std::string readPage(const std::string &Path) {
  std::ifstream In(Path);
// CHECK: libhv-cpp.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: libhv-cpp.cpp:[[#MSG:@LINE+18]]:22: note: lambda stored in 'hv::TcpServerEventLoopTmpl::onMessage' runs on the event loop
// CHECK-NEXT: libhv-cpp.cpp:[[#MSG+2]]:{{[0-9]+}}: note: 'lambda in testTcpServer' calls 'readPage' here
  std::string S;
  std::getline(In, S);
  return S;
}

static std::string readOffLoop(const std::string &Path) {
  std::ifstream In(Path); // no-warning: reached only from a thread and a non-libhv member
  std::string S;
  std::getline(In, S);
  return S;
}

void testTcpServer(hv::TcpServer &Server, Settings &Cfg) {
  Server.onConnection = [](const hv::SocketChannelPtr &Ch) { // no-warning
    Ch->write("hi\r\n");
  };
  Server.onMessage = [](const hv::SocketChannelPtr &Ch, hv::Buffer *Buf) {
    (void)Buf;
    Ch->write(readPage("/srv/index.html"));
  };
  Cfg.onReload = [] { readOffLoop("/etc/app.conf"); }; // no-warning
  Server.start();
}

void testEventLoop(hv::EventLoopPtr Loop) {
  Loop->setTimeout(100, [](hv::TimerID) {
    sleep(1);
// CHECK: libhv-cpp.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: libhv-cpp.cpp:[[@LINE-3]]:25: note: lambda passed to 'setTimeout' runs on the event loop
  });
  Loop->setInterval(1000, [](hv::TimerID) {}); // no-warning
  hidle_add(Loop->loop(), [](hidle_t *) {
    usleep(50);
// CHECK: libhv-cpp.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: libhv-cpp.cpp:[[@LINE-3]]:27: note: lambda passed to 'hidle_add' runs on the event loop
  }, INFINITE);
  std::atexit([] { readOffLoop("/var/run/app.state"); }); // no-warning: at exit
  Loop->queueInLoop([] {
    usleep(10);
// CHECK: libhv-cpp.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: libhv-cpp.cpp:[[@LINE-3]]:21: note: lambda passed to 'queueInLoop' runs on the event loop
  });
}

int main() {
  hv::EventLoopPtr Loop = std::make_shared<hv::EventLoop>();
  hv::TcpServer Server;
  Settings Cfg;
  std::thread T([] { readOffLoop("/srv/warm"); }); // no-warning
  testTcpServer(Server, Cfg);
  testEventLoop(Loop);
  Cfg.onReload();
  Loop->run();
  T.join();
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops
// CHECK-NEXT: evidence: 'hv::EventLoop::run' runs an event loop
// CHECK: exit-code: 1
