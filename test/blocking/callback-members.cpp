// A callable kept in a std::function (or boost::function) member and called
// later through it: `req->setDoneCallback(std::bind(&Downloader::onDone,
// this, _1))` with `void setDoneCallback(const DoneCallback &cb) { doneCb_ =
// cb; }`, then `doneCb_(this, code)` in Request::done on the loop (muduo's
// curl example). The call through the member reaches what was stored into
// that member, by setter, by constructor or by assignment, whoever stored it.
// Another class's member of the same name is other storage, and a setter
// that also calls or passes on its parameter is not only storing it.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <cstdio>
#include <functional>
#include <thread>
#include <unistd.h>
#include <utility>

namespace asio = boost::asio;
using namespace std::placeholders;

class Request {
public:
  using DoneCallback = std::function<void(Request *, int)>;
  using DataCallback = std::function<void(const char *, int)>;
  void setDoneCallback(const DoneCallback &cb) { doneCb_ = cb; }
  void setDataCallback(DataCallback cb) { dataCb_ = std::move(cb); }
  void done(int code) {
    if (doneCb_)
      doneCb_(this, code);
  }
  void data(const char *p, int n) { dataCb_(p, n); }

private:
  DoneCallback doneCb_;
  DataCallback dataCb_;
};

// A timer made with its callback: the constructor stores it.
class Timer {
public:
  explicit Timer(std::function<void()> cb) : cb_(std::move(cb)) {}
  void fire() { cb_(); }

private:
  std::function<void()> cb_;
};

// The same member name in a class whose calls run on a worker thread only.
class Job {
public:
  void setDoneCallback(const std::function<void(Request *, int)> &cb) {
    doneCb_ = cb;
  }
  void run() { doneCb_(nullptr, 0); }

private:
  std::function<void(Request *, int)> doneCb_;
};

// Not only a store: the setter also calls what it is given, at once.
class Probe {
public:
  void setCheck(std::function<void()> cb) {
    cb();
    check_ = std::move(cb);
  }
  void check() { check_(); }

private:
  std::function<void()> check_;
};

// Assigned directly by the program.
class Watcher {
public:
  void arm() {
    onChange_ = [] { usleep(100); };
  }
  void changed() { onChange_(); }

private:
  std::function<void()> onChange_;
};

struct Downloader {
  FILE *Out = nullptr;
  void onDone(Request *, int) {
    FILE *f = fopen("/tmp/out", "w");
    fclose(f);
  }
  void onData(const char *p, int n) {
    fwrite(p, 1, n, Out);
  }
  void onJobDone(Request *, int) {
    sleep(1); // no-warning: Job::doneCb_ is called on the worker only
  }
  void onProbe() {
    usleep(10); // no-warning: run by setCheck, in main
  }
};

int main() {
  Downloader D;
  Request R;
  R.setDoneCallback(std::bind(&Downloader::onDone, &D, _1, _2));
  R.setDataCallback([&D](const char *p, int n) { D.onData(p, n); });
  Timer T([] { sleep(2); });
  Job J;
  J.setDoneCallback(std::bind(&Downloader::onJobDone, &D, _1, _2));
  std::thread Worker([&J] { J.run(); });
  Probe P;
  P.setCheck(std::bind(&Downloader::onProbe, &D));
  Watcher W;
  W.arm();
  asio::io_context Io;
  asio::post(Io, [&] {
    R.done(0);
    R.data("x", 1);
    T.fire();
    P.check();
    W.changed();
  });
  Io.run();
  Worker.join();
}
// CHECK: callback-members.cpp:77:22: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: callback-members.cpp:116:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: callback-members.cpp:121:7: note: 'lambda in main' calls 'Watcher::changed' here
// CHECK-NEXT: callback-members.cpp:79:20: note: 'Watcher::changed' may call 'lambda in Watcher::arm' through 'Watcher::onChange_' here
// CHECK: callback-members.cpp:88:15: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: callback-members.cpp:116:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: callback-members.cpp:117:7: note: 'lambda in main' calls 'Request::done' here
// CHECK-NEXT: callback-members.cpp:29:7: note: 'Request::done' may call 'Downloader::onDone' through 'Request::doneCb_' here
// CHECK: callback-members.cpp:89:5: warning: blocking call to 'fclose' on the event loop
// CHECK-NEXT: callback-members.cpp:116:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: callback-members.cpp:117:7: note: 'lambda in main' calls 'Request::done' here
// CHECK-NEXT: callback-members.cpp:29:7: note: 'Request::done' may call 'Downloader::onDone' through 'Request::doneCb_' here
// CHECK: callback-members.cpp:92:5: warning: blocking call to 'fwrite' on the event loop
// CHECK-NEXT: callback-members.cpp:116:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: callback-members.cpp:118:7: note: 'lambda in main' calls 'Request::data' here
// CHECK-NEXT: callback-members.cpp:31:37: note: 'Request::data' may call 'lambda in main' through 'Request::dataCb_' here
// CHECK-NEXT: callback-members.cpp:106:52: note: 'lambda in main' calls 'Downloader::onData' here
// CHECK: callback-members.cpp:107:16: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: callback-members.cpp:116:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: callback-members.cpp:119:7: note: 'lambda in main' calls 'Timer::fire' here
// CHECK-NEXT: callback-members.cpp:42:17: note: 'Timer::fire' may call 'lambda in main' through 'Timer::cb_' here
// CHECK: stallscan: 5 findings in 1 file (1 translation units)
