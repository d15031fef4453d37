// The result cache on cppcoro: an async_mutex and an io_service.
#include "board.hpp"

#include <string>
#include <utility>

namespace board {

cppcoro::task<std::string> fetch_result(ResultCache &cache, cppcoro::io_service &io,
                                        std::string id) {
  auto lock = co_await cache.mutex.scoped_lock_async();
  co_await io.schedule(); // OK: cppcoro::async_mutex is coroutine-aware
  co_return cache.results[id];
}

cppcoro::task<> publish_summary(ResultCache &cache, cppcoro::io_service &io) {
  std::string last = cppcoro::sync_wait(fetch_result(cache, io, "last")); // BLOCKING: sync-wait
  (void)last;
  co_return;
}

// The fixed twin: awaits the lookup.
cppcoro::task<> publish_summary_awaited(ResultCache &cache, cppcoro::io_service &io) {
  std::string last = co_await fetch_result(cache, io, "last"); // OK: awaited
  (void)last;
}

} // namespace board
