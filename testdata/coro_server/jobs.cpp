// The job scheduler on libcoro: a scheduler's loop runs the board.
#include "board.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace board {
namespace {

coro::task<std::size_t> count_queued(JobBoard &b, coro::scheduler &sched) {
  auto lock = co_await b.jobs_mutex.scoped_lock();
  std::size_t n = 0;
  for (const auto &[id, state] : b.jobs)
    n += state == "queued";
  co_await sched.yield(); // OK: coro::mutex is coroutine-aware
  co_return n;
}

coro::task<void> submit(JobBoard &b, coro::scheduler &sched, std::string id) {
  auto lock = co_await b.jobs_mutex.scoped_lock();
  b.jobs[id] = "queued";
  co_await sched.schedule_after(std::chrono::milliseconds(1)); // OK: coro::mutex is coroutine-aware
}

coro::task<void> record_completion(JobBoard &b, coro::scheduler &sched, std::string id) {
  {
    auto lock = co_await b.jobs_mutex.scoped_lock();
    b.jobs[id] = "done";
  }
  std::lock_guard<std::mutex> guard(b.stats_mutex);
  ++b.completed;
  co_await sched.yield(); // LOCK-SUSPEND: std::mutex stats_mutex held across co_await
}

// The fixed twin: the counter is bumped and the lock released first.
coro::task<void> record_completion_fixed(JobBoard &b, coro::scheduler &sched) {
  {
    std::lock_guard<std::mutex> guard(b.stats_mutex);
    ++b.completed;
  }
  co_await sched.yield(); // OK: nothing held
}

coro::task<void> serve(JobBoard &b, coro::scheduler &sched) {
  for (;;) {
    std::string id = co_await next_job(sched);
    if (id == "STATUS") {
      std::size_t queued = coro::sync_wait(count_queued(b, sched)); // BLOCKING: sync-wait
      (void)queued;
    } else if (id == "STATUS2") {
      std::size_t queued = co_await count_queued(b, sched); // OK: awaited
      (void)queued;
    } else if (id.rfind("DONE ", 0) == 0) {
      co_await record_completion(b, sched, id.substr(5));
      co_await record_completion_fixed(b, sched);
    } else {
      co_await submit(b, sched, id);
    }
  }
}

} // namespace
} // namespace board

int main() {
  board::JobBoard jobs;
  board::ResultCache results;
  cppcoro::io_service io;
  std::thread io_thread([&io] { io.process_events(); });
  auto sched = coro::scheduler::make_unique();
  sched->spawn_detached(board::serve(jobs, *sched));
  coro::sync_wait(board::publish_summary_awaited(results, io)); // OK: main is no coroutine
  io_thread.join();
}
