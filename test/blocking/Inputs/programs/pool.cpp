#include "server.h"
#include <condition_variable>
#include <mutex>
#include <unistd.h>
// The analysed code defines muduo::ThreadPool::run, which the catalog
// describes as an offload: its body (waiting while the queue is full) is
// summarised by the catalog, not followed from the handler that submits.
static std::mutex M;
static std::condition_variable NotFull;
void muduo::ThreadPool::run(void (*Task)()) {
  std::unique_lock<std::mutex> Lock(M);
  NotFull.wait(Lock); // no-warning: inside the catalogued offload API
  (void)Task;
}
static void work() { sleep(1); } // no-warning: runs on the pool
void submit(boost::asio::io_context &Io, muduo::ThreadPool &Pool) {
  boost::asio::post(Io, [&Pool] { Pool.run(work); });
}
