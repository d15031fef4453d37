// An offload API that the program itself defines (a template in its own
// header, as libhv's hv::async is): the task it is given runs on the pool,
// but its own body (taking the pool's lock, queueing the task, writing a
// journal) runs on the caller's thread, here the event loop. The body is
// walked as a call; the task argument is not.
// RUN: echo '{"catalog": {"offloads": [{"names": ["pool::submit"], "handlers": [0]}]}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-blocking-in-event-loop --config-file %t.json %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <deque>
#include <functional>
#include <mutex>
#include <stdio.h>
#include <unistd.h>
#include <uv.h>

namespace pool {
std::mutex Lock;
std::deque<std::function<void()>> Pending;
FILE *Journal;

template <class Fn> void submit(Fn &&Task) {
  std::lock_guard<std::mutex> Guard(Lock);
  Pending.emplace_back(std::forward<Fn>(Task));
  fputs("queued\n", Journal);
// CHECK: offload-api-body.cpp:[[@LINE-1]]:3: warning: blocking call to 'fputs' on the event loop
// CHECK-NEXT: offload-api-body.cpp:[[@LINE+14]]:29: note: 'onRead' passed to 'uv_read_start' runs on the event loop
// CHECK-NEXT: offload-api-body.cpp:[[@LINE+5]]:3: note: 'onRead' calls 'pool::submit{{.*}}' here
}
} // namespace pool

static void onRead(uv_stream_t *S, long N, const uv_buf_t *B) {
  pool::submit([] {
    usleep(1000); // no-warning: the task runs on the pool
  });
}

static void onAlloc(uv_handle_t *H, size_t Size, uv_buf_t *B) {}

void testOffloadApiBody(uv_stream_t *S) {
  uv_read_start(S, onAlloc, onRead);
}
