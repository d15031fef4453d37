// A trantor::EventLoopThread that a class keeps as a private worker (Drogon's
// SharedLibManager compiles views on one, each Sqlite3Connection runs its
// SQLite calls on one): what it is given through its own getLoop() runs on
// that worker's thread, not on a loop that serves connections (catalog
// `offload_if_object_from`, checks/catalog/frameworks/trantor.json). A loop
// thread whose loop is handed to a TcpClient (or anything else) serves I/O
// and stays an event loop.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <trantor/net/TcpServer.h>
#include <fstream>
#include <string>
#include <unistd.h>

class ViewCompiler {
public:
  ViewCompiler() {
    worker_.run();
    worker_.getLoop()->runEvery(5.0, [this] { scan(); });
  }
  void compileLater(const std::string &Name) {
    worker_.getLoop()->queueInLoop([Name] {
      std::ofstream Out("/srv/views/" + Name + ".cc"); // no-warning: on the private worker
      (void)Out;
    });
  }

private:
  void scan() {
    std::ifstream In("/srv/views/index.csp"); // no-warning: a private worker's timer
    (void)In;
  }
  trantor::EventLoopThread worker_;
};

class Store {
public:
  void init() {
    thread_.run();
    loop_ = thread_.getLoop();
    loop_->runInLoop([] {
      std::ifstream Db("/var/lib/store.db"); // no-warning: loop_ was just set to the worker's loop
      (void)Db;
    });
  }

private:
  trantor::EventLoop *loop_ = nullptr;
  trantor::EventLoopThread thread_;
};

class Upstream {
public:
  Upstream() : client_(thread_.getLoop(), trantor::InetAddress("10.0.0.2", 80), "up") {
    thread_.run();
    thread_.getLoop()->queueInLoop([] {
      usleep(1000);
// CHECK: trantor-private-loop-thread.cpp:[[@LINE-1]]:7: warning: blocking call to 'usleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: trantor-private-loop-thread.cpp:[[@LINE-3]]:36: note: lambda passed to 'queueInLoop' runs on the event loop
    });
  }

private:
  trantor::EventLoopThread thread_; // its loop also runs client_'s socket
  trantor::TcpClient client_;
};

void testSharedLoop(trantor::EventLoop *Io) {
  Io->queueInLoop([] {
    std::ifstream In("/srv/data"); 
// CHECK: trantor-private-loop-thread.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop; move file I/O to a worker pool or use async file I/O [stallscan-blocking-in-event-loop]
// CHECK-NEXT: trantor-private-loop-thread.cpp:[[@LINE-3]]:19: note: lambda passed to 'queueInLoop' runs on the event loop
    (void)In;
  });
}

// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
