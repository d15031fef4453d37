// A framework stallscan does not know, taught in the config alone, in the
// two shapes that are not a registration call (docs/catalog.md): a callback
// stored into one of the framework's struct fields (handler_fields), and a
// virtual method whose overrides the framework calls (handler_overrides),
// either on its loop or, with "offload": true, on a worker thread of its own.
// Without the config the same code gives no finding.
// RUN: echo '{"catalog": {"handler_fields": [{"names": ["tinyloop::Watcher::on_ready"], "library": "tinyloop"}, {"names": ["tinyloop::Job::work"], "library": "tinyloop", "offload": true}], "handler_overrides": [{"names": ["tinyloop::Handler::handle"], "library": "tinyloop"}, {"names": ["tinyloop::Worker::run"], "offload": true}], "loop_runners": [{"names": ["tinyloop::run"], "library": "tinyloop"}]}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config-file %t.json %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefix=UNTAUGHT --implicit-check-not=warning: --implicit-check-not=note:
#include <unistd.h>

namespace tinyloop {
struct Watcher {
  int fd;
  void (*on_ready)(Watcher *);
};
struct Job {
  void (*work)(Job *);
};
struct Handler {
  virtual ~Handler() = default;
  virtual void handle(int Fd) = 0;
};
struct Worker {
  virtual ~Worker() = default;
  virtual void run() = 0;
};
void watch(Watcher *W);
void submit(Job *J);
void add(Handler *H);
void start(Worker *W);
void run();
} // namespace tinyloop

static void testStoredCallbackSleeps(tinyloop::Watcher *W) {
  (void)W;
  sleep(1);
// CHECK: teach-by-config.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: teach-by-config.cpp:[[@LINE+22]]:16: note: 'testStoredCallbackSleeps' stored in 'tinyloop::Watcher::on_ready' runs on the event loop
}

static void testOffloadedJobSleeps(tinyloop::Job *J) {
  (void)J;
  sleep(1); // no-warning: "offload": true, a worker thread
}

struct EchoHandler : tinyloop::Handler {
  void handle(int Fd) override {
    usleep(static_cast<useconds_t>(Fd));
// CHECK: teach-by-config.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: teach-by-config.cpp:[[@LINE-3]]:8: note: 'EchoHandler::handle' overrides 'tinyloop::Handler::handle', which runs on the event loop
  }
};

struct Flusher : tinyloop::Worker {
  void run() override { sleep(5); } // no-warning: "offload": true
};

int main() {
  tinyloop::Watcher W{0, nullptr};
  W.on_ready = testStoredCallbackSleeps;
  tinyloop::Job J{testOffloadedJobSleeps};
  tinyloop::watch(&W);
  tinyloop::submit(&J);
  EchoHandler H;
  tinyloop::add(&H);
  Flusher F;
  tinyloop::start(&F);
  tinyloop::run();
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous
// CHECK: evidence: 'tinyloop::run' runs an event loop (1 call)
// CHECK-NEXT: evidence: 2 tinyloop handlers registered on an event loop
// CHECK: exit-code: 1
// UNTAUGHT: stallscan: 0 findings in 0 files (1 translation units)
// UNTAUGHT: exit-code: 0
