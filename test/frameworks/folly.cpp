// folly and Proxygen, on minimal headers of stallscan's own
// (test/Inputs/include/folly/, proxygen/; checks/catalog/frameworks/folly.json):
// EventBase callbacks (runInEventBaseThread, runInLoop, runAfterDelay),
// AsyncSocket / AsyncServerSocket callbacks and Proxygen RequestHandler
// overrides run on the IO thread, as do folly::coro::Task bodies and a task
// added to an IOThreadPoolExecutor; folly::via(cpuPool, f) and
// CPUThreadPoolExecutor::add are offloads, via(&evb, f) is not;
// coro::blockingWait and Future::get block the loop, not main; so do
// folly::File(path) and readFile, not File(fd, ownsFd).
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <folly/folly.h>
#include <proxygen/proxygen.h>
#include <fstream>
#include <mutex>
#include <string>
#include <unistd.h>

using namespace folly;

static std::string loadPage(const std::string &Path) {
  std::ifstream In(Path);
// CHECK: folly.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop; move file I/O to a worker pool or use async file I/O [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE+22]]:8: note: 'Acceptor::connectionAccepted' overrides 'folly::AsyncServerSocket::AcceptCallback::connectionAccepted', which runs on the event loop
// CHECK-NEXT: folly.cpp:[[@LINE+22]]:26: note: 'Acceptor::connectionAccepted' calls 'loadPage' here
  std::string S;
  std::getline(In, S);
  return S;
}

class EchoHandler : public AsyncReader::ReadCallback {
public:
  void getReadBuffer(void **Buf, size_t *Len) override { *Buf = Data; *Len = sizeof Data; }
  void readDataAvailable(size_t Len) noexcept override {
    usleep(Len);
// CHECK: folly.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-3]]:8: note: 'EchoHandler::readDataAvailable' overrides 'folly::AsyncReader::ReadCallback::readDataAvailable', which runs on the event loop
  }
  void readEOF() noexcept override {}
  void readErr(const AsyncSocketException &) noexcept override {}
  char Data[4096];
};

class Acceptor : public AsyncServerSocket::AcceptCallback {
public:
  void connectionAccepted(NetworkSocket Fd, const SocketAddress &) noexcept override {
    std::string Banner = loadPage("/etc/banner");
    (void)Banner;
  }
};

class PageHandler : public proxygen::RequestHandler {
public:
  void onRequest(std::unique_ptr<proxygen::HTTPMessage>) noexcept override {
    Body = loadPage("/srv/index.html");
  }
  void onBody(std::unique_ptr<IOBuf>) noexcept override {}
  void onUpgrade(proxygen::UpgradeProtocol) noexcept override {}
  void onEOM() noexcept override {
    auto F = via(Cpu.get(), [] { return loadPage("/srv/footer.html"); }); // no-warning: on the CPU pool
    Cpu->add([] { loadPage("/srv/extra.html"); }); // no-warning: on the CPU pool
    proxygen::ResponseBuilder(downstream_).status(200, "OK").body(Body).sendWithEOM();
  }
  void requestComplete() noexcept override { delete this; }
  void onError(proxygen::ProxygenError) noexcept override { delete this; }
  std::string Body;
  static std::unique_ptr<CPUThreadPoolExecutor> Cpu;
};

class FileHandler : public proxygen::RequestHandler {
public:
  void onRequest(std::unique_ptr<proxygen::HTTPMessage>) noexcept override {
    File Page("/srv/page.html");
// CHECK: folly.cpp:[[@LINE-1]]:10: warning: blocking call to 'folly::File::File' on the event loop; open the file on a CPU pool (folly::via(cpuExecutor, ...)) and hand the descriptor back [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-3]]:8: note: 'FileHandler::onRequest' overrides 'proxygen::RequestHandler::onRequest', which runs on the event loop
    File Named(std::string("/srv/named.html"), 0);
// CHECK: folly.cpp:[[@LINE-1]]:10: warning: blocking call to 'folly::File::File' on the event loop; open the file on a CPU pool (folly::via(cpuExecutor, ...)) and hand the descriptor back [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-6]]:8: note: 'FileHandler::onRequest' overrides 'proxygen::RequestHandler::onRequest', which runs on the event loop
    File Adopted(Fd, false); // no-warning: wraps a descriptor, opens nothing
    File Empty;              // no-warning: opens nothing
    std::string Body;
    readFile("/srv/body.txt", Body);
// CHECK: folly.cpp:[[@LINE-1]]:5: warning: blocking call to 'folly::readFile' on the event loop; move file I/O to a CPU pool (folly::via(cpuExecutor, ...)) [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-12]]:8: note: 'FileHandler::onRequest' overrides 'proxygen::RequestHandler::onRequest', which runs on the event loop
  }
  void onBody(std::unique_ptr<IOBuf>) noexcept override {}
  void onUpgrade(proxygen::UpgradeProtocol) noexcept override {}
  void onEOM() noexcept override {}
  void requestComplete() noexcept override { delete this; }
  void onError(proxygen::ProxygenError) noexcept override { delete this; }
  int Fd = -1;
};

coro::Task<int> computeAnswer() { co_return 42; }

coro::Task<void> testTaskBlockingWait() {
  int N = coro::blockingWait(computeAnswer());
// CHECK: folly.cpp:[[@LINE-1]]:11: warning: blocking call to 'folly::coro::detail::blocking_wait_fn::operator()' on the event loop; co_await the task instead [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-3]]:18: note: coroutine 'testTaskBlockingWait' runs on the event loop
  (void)N;
  co_return;
}

coro::Task<void> testTaskAwaits() {
  int N = co_await computeAnswer(); // no-warning
  (void)N;
}

coro::Task<void> testCoroMutexAcrossCoAwait(coro::Mutex &M) {
  co_await M.co_scoped_lock();
  co_await computeAnswer(); // no-warning: folly::coro::Mutex is awaited
  M.unlock();
}

void testEventBaseCallbacks(EventBase &Evb, IOThreadPoolExecutor &Io, Future<int> Pending) {
  Evb.runInEventBaseThread([] {
    sleep(1);
// CHECK: folly.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-3]]:28: note: lambda passed to 'runInEventBaseThread' runs on the event loop
  });
  Evb.runInLoop([Pending = std::move(Pending)]() mutable {
    int N = std::move(Pending).get();
// CHECK: folly.cpp:[[@LINE-1]]:32: warning: blocking call to 'folly::Future::get' on the event loop; continue with thenValue() on the loop, or co_await the future [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-3]]:17: note: lambda passed to 'runInLoop' runs on the event loop
    (void)N;
  });
  Evb.runAfterDelay([] { loadPage("/srv/late.html"); }, 100);
  Io.add([] { usleep(5); });
// CHECK: folly.cpp:[[@LINE-1]]:15: warning: blocking call to 'usleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-2]]:10: note: lambda passed to 'add' runs on the event loop
  via(&Evb, [] { usleep(7); });
// CHECK: folly.cpp:[[@LINE-1]]:18: warning: blocking call to 'usleep' on the event loop; use a timer (asio steady_timer, uv_timer_start, evtimer_add) instead of sleeping [stallscan-blocking-in-event-loop]
// CHECK-NEXT: folly.cpp:[[@LINE-2]]:13: note: lambda passed to 'via' runs on the event loop
}

int main() {
  EventBase Evb;
  std::ifstream Cfg("/etc/app.conf"); // no-warning: before the loop
  int N = coro::blockingWait(computeAnswer()); // no-warning: not on a loop
  (void)N;
  Evb.loopForever();
}

// CHECK: stallscan: 10 findings in 1 file (1 translation units)
// CHECK: architecture: asynchronous: requests are served by event loops (22 handlers, 4 coroutines, 0 reactor loops) and no thread-per-connection pattern was found
// CHECK: exit-code: 1
