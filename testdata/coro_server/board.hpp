// A build-job board on C++20 coroutine libraries: jobs are scheduled with
// libcoro (jobs.cpp), their results cached with cppcoro (results.cpp).
#pragma once
#include <coro/coro.hpp>
#include <cppcoro/cppcoro.hpp>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace board {

struct JobBoard {
  coro::mutex jobs_mutex; // coroutine-aware: may stay held across co_await
  std::map<std::string, std::string> jobs;
  std::mutex stats_mutex; // a thread mutex: must not
  std::size_t completed = 0;
};

struct ResultCache {
  cppcoro::async_mutex mutex;
  std::map<std::string, std::string> results;
};

// The next job id from the submit queue (the socket layer is left out of the
// sample: the mock headers have none).
coro::task<std::string> next_job(coro::scheduler &sched);

cppcoro::task<std::string> fetch_result(ResultCache &cache, cppcoro::io_service &io,
                                        std::string id);
cppcoro::task<> publish_summary(ResultCache &cache, cppcoro::io_service &io);
cppcoro::task<> publish_summary_awaited(ResultCache &cache, cppcoro::io_service &io);

} // namespace board
