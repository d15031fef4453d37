#include "server.h"
#include <condition_variable>
#include <mutex>
#include <unistd.h>
// The analysed code defines muduo::ThreadPool::run, which the catalog
// describes as an offload: the task runs on the pool, but the body (waiting
// while the queue is full) runs on the caller's thread, the loop here.
static std::mutex M;
static std::condition_variable NotFull;
void muduo::ThreadPool::run(void (*Task)()) {
  std::unique_lock<std::mutex> Lock(M);
  NotFull.wait(Lock); // on the caller's thread: reported
  (void)Task;
}
static void work() { sleep(1); } // no-warning: runs on the pool
void submit(boost::asio::io_context &Io, muduo::ThreadPool &Pool) {
  boost::asio::post(Io, [&Pool] { Pool.run(work); });
}
