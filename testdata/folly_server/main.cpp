// An exchange-rate server on folly: an AsyncServerSocket on one EventBase,
// a refresh coroutine, the loop.
#include "connection.hpp"

#include <fstream>
#include <memory>
#include <string>

namespace {

class Acceptor : public folly::AsyncServerSocket::AcceptCallback {
public:
  explicit Acceptor(folly::EventBase *evb) : evb_(evb) {}
  void connectionAccepted(folly::NetworkSocket fd, const folly::SocketAddress &) noexcept override {
    auto sock = std::make_unique<folly::AsyncSocket>(evb_, fd);
    folly::AsyncSocket *raw = sock.get();
    raw->setReadCB(new rates::Connection(std::move(sock)));
  }

private:
  folly::EventBase *evb_;
};

// Refreshes the hot pairs: awaits every quote, never waits.
folly::coro::Task<void> refreshHotPairs() {
  std::string eur = co_await rates::quoteUpstream("EURUSD"); // OK: awaited
  std::string gbp = co_await rates::quoteUpstream("GBPUSD"); // OK: awaited
  (void)eur;
  (void)gbp;
}

} // namespace

int main() {
  std::ifstream config("/etc/rates.conf"); // OK: before the loop runs
  folly::EventBase evb;
  folly::AsyncServerSocket server(&evb);
  Acceptor acceptor(&evb);
  server.bind(7070);
  server.listen(128);
  server.addAcceptCallback(&acceptor, &evb);
  server.startAccepting();
  evb.runAfterDelay([] { folly::coro::blockingWait(refreshHotPairs()); }, 1000); // BLOCKING: sync-wait
  evb.loopForever();
}
