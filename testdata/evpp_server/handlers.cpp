#include "handlers.hpp"

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>

namespace quotes {
namespace {

// The quotes, replaced whole by refreshCache and read without a lock by
// the four loop threads.
using QuoteMap = std::map<std::string, std::string>;
std::shared_ptr<const QuoteMap> cache = std::make_shared<QuoteMap>();

std::string loadHistory(const std::string &symbol) {
  std::ifstream in("/var/lib/quotes/" + symbol + ".csv"); // BLOCKING: file
  std::string line, all;
  while (std::getline(in, line))
    all += line + "\n";
  return all;
}

// The fixed twin of HISTORY: read by a thread, sent back on the loop.
void sendHistoryLater(const evpp::TCPConnPtr &conn, const std::string &symbol) {
  std::thread([conn, symbol] {
    std::ifstream in("/var/lib/quotes/" + symbol + ".csv"); // OK: a thread of its own
    std::string line, all;
    while (std::getline(in, line))
      all += line + "\n";
    conn->loop()->QueueInLoop([conn, all] { conn->Send(all); });
  }).detach();
}

} // namespace

void onMessage(const evpp::TCPConnPtr &conn, evpp::Buffer *buf) {
  std::string msg = buf->NextAllString();
  if (msg.rfind("QUOTE ", 0) == 0) {
    std::shared_ptr<const QuoteMap> quotes = std::atomic_load(&cache);
    auto hit = quotes->find(msg.substr(6));
    conn->Send(hit == quotes->end() ? std::string("UNKNOWN\r\n") : hit->second);
  } else if (msg.rfind("HISTORY ", 0) == 0) {
    conn->Send(loadHistory(msg.substr(8)));
  } else if (msg.rfind("HISTORY2 ", 0) == 0) {
    sendHistoryLater(conn, msg.substr(9));
  } else {
    conn->Send("ERR\r\n");
  }
}

void refreshCache() {
  auto next = std::make_shared<QuoteMap>(*std::atomic_load(&cache));
  (*next)["ACME"] = "42.0";
  std::atomic_store(&cache, std::shared_ptr<const QuoteMap>(std::move(next)));
}

} // namespace quotes
