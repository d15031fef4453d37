// An exchange-rate server on folly's EventBase: one connection.
#pragma once
#include <folly/folly.h>
#include <memory>
#include <string>

namespace rates {

// The CPU pool that takes the slow work off the IO thread.
folly::CPUThreadPoolExecutor &cpuPool();

class Connection : public folly::AsyncReader::ReadCallback {
public:
  explicit Connection(std::unique_ptr<folly::AsyncSocket> sock);
  void getReadBuffer(void **buf, size_t *len) override;
  void readDataAvailable(size_t len) noexcept override;
  void readEOF() noexcept override;
  void readErr(const folly::AsyncSocketException &ex) noexcept override;

private:
  void reply(const std::string &text);
  std::unique_ptr<folly::AsyncSocket> sock_;
  char buf_[4096];
};

// Asks the upstream exchange for a rate.
folly::coro::Task<std::string> quoteUpstream(std::string pair);

} // namespace rates
