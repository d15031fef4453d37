// A library whose one route() template takes any callable and runs it on
// its loop or on its pool by the callable's own signature, taught in the
// config alone with if_handler_signature (docs/catalog.md, "Callbacks that
// share one registration"): a handler taking a Request * is a loop root, one
// taking a std::shared_ptr<Request> an offload, whether it is a lambda, a
// function or a std::function; without the config nothing is found.
// RUN: echo '{"catalog": {"registrations": [{"names": ["tinyhttp::route"], "handlers": [-1], "library": "tinyhttp", "if_handler_signature": {"params": ["tinyhttp::Request *"]}}], "offloads": [{"names": ["tinyhttp::route"], "handlers": [-1], "if_handler_signature": {"params": ["std::shared_ptr<tinyhttp::Request>"]}}], "loop_runners": [{"names": ["tinyhttp::run"], "library": "tinyhttp"}]}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config-file %t.json %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefix=UNTAUGHT --implicit-check-not=warning: --implicit-check-not=note:
#include <functional>
#include <memory>
#include <unistd.h>

namespace tinyhttp {
struct Request {
  int Id;
};
void addRoute(const char *Path, void *Handler);
template <class Handler> void route(const char *Path, Handler H) {
  addRoute(Path, &H);
}
void run();
} // namespace tinyhttp

static void onLoop(tinyhttp::Request *) {
  usleep(10);
// CHECK: teach-handler-signature.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: teach-handler-signature.cpp:[[#FN:]]:{{[0-9]+}}: note: 'onLoop' passed to 'route' runs on the event loop
}

static void onPool(std::shared_ptr<tinyhttp::Request>) {
  sleep(1); // no-warning: the pool
}

void testRoutes() {
  tinyhttp::route("/a", [](tinyhttp::Request *R) {
    sleep(R->Id);
// CHECK: teach-handler-signature.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: teach-handler-signature.cpp:[[@LINE-3]]:25: note: lambda passed to 'route' runs on the event loop
  });
  tinyhttp::route("/b", [](std::shared_ptr<tinyhttp::Request> R) {
    sleep(R->Id); // no-warning: the pool
  });
  tinyhttp::route("/c", onLoop);
  tinyhttp::route("/d", &onPool);
  std::function<void(std::shared_ptr<tinyhttp::Request>)> Later =
      [](std::shared_ptr<tinyhttp::Request>) { usleep(5); }; // no-warning: the pool
  tinyhttp::route("/e", Later);
}

int main() {
  testRoutes();
  tinyhttp::run();
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops
// UNTAUGHT: stallscan: 0 findings in 0 files (1 translation units)
// UNTAUGHT: exit-code: 0
