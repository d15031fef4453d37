#include "connection.hpp"

#include <fstream>
#include <string>
#include <utility>

namespace rates {

folly::CPUThreadPoolExecutor &cpuPool() {
  static folly::CPUThreadPoolExecutor pool(4);
  return pool;
}

static std::string loadRateFile(const std::string &pair) {
  std::ifstream in("/var/lib/rates/" + pair); // BLOCKING: file
  std::string rate;
  std::getline(in, rate);
  return rate;
}

static std::string loadHistoryFile(const std::string &pair) {
  std::ifstream in("/var/lib/rates/history/" + pair); // OK: only reached on the CPU pool
  std::string all, line;
  while (std::getline(in, line))
    all += line + '\n';
  return all;
}

Connection::Connection(std::unique_ptr<folly::AsyncSocket> sock) : sock_(std::move(sock)) {}

void Connection::getReadBuffer(void **buf, size_t *len) {
  *buf = buf_;
  *len = sizeof buf_;
}

void Connection::readDataAvailable(size_t len) noexcept {
  std::string line(buf_, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.pop_back();
  if (line.rfind("RATE ", 0) == 0) {
    reply(loadRateFile(line.substr(5)));
  } else if (line.rfind("QUOTE ", 0) == 0) {
    std::string rate = folly::coro::blockingWait(quoteUpstream(line.substr(6))); // BLOCKING: sync-wait
    reply(rate);
  } else if (line.rfind("HISTORY ", 0) == 0) {
    // The fixed twin: the file is read on the CPU pool, the reply is sent
    // back from the socket's own EventBase.
    folly::EventBase *evb = sock_->getEventBase();
    std::string pair = line.substr(8);
    folly::via(&cpuPool(), [this, evb, pair] {
      std::string text = loadHistoryFile(pair);
      evb->runInEventBaseThread([this, text] { reply(text); });
    });
  } else {
    reply("ERR\n");
  }
}

void Connection::readEOF() noexcept { delete this; }

void Connection::readErr(const folly::AsyncSocketException &) noexcept { delete this; }

void Connection::reply(const std::string &text) {
  sock_->write(nullptr, text.data(), text.size()); // OK: queued on the EventBase
}

} // namespace rates
