// Virtual calls: a call through a base pointer may reach every override seen
// in the program, transitively; only overrides that block are reported. A
// call through a derived pointer does not reach sibling classes, and a
// qualified call (Base::f()) is not virtual dispatch at all.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace asio = boost::asio;

struct Handler {
  virtual ~Handler() = default;
  virtual void handle() {}
  virtual void flush() {}
};

struct SleepyHandler : Handler {
  void handle() override {
    sleep(1);
// CHECK: virtual-dispatch.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop; use a timer
// CHECK-NEXT: virtual-dispatch.cpp:[[#MAIN_POST:@LINE+53]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: virtual-dispatch.cpp:[[#MAIN_POST+1]]:5: note: 'lambda in main' calls 'testVirtualCallThroughBasePointer' here
// CHECK-NEXT: virtual-dispatch.cpp:[[#BASE_CALL:@LINE+38]]:6: note: 'testVirtualCallThroughBasePointer' calls 'SleepyHandler::handle' here
  }
  void flush() override {
    usleep(1); // no-warning: flush() is only called qualified, as Handler::flush()
  }
};

struct VerySleepyHandler : SleepyHandler {
  void handle() override {
    timespec T{1, 0};
    nanosleep(&T, nullptr);
// CHECK: virtual-dispatch.cpp:[[@LINE-1]]:5: warning: blocking call to 'nanosleep' on the event loop; use a timer
// CHECK-NEXT: virtual-dispatch.cpp:[[#MAIN_POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: virtual-dispatch.cpp:[[#MAIN_POST+1]]:5: note: 'lambda in main' calls 'testVirtualCallThroughBasePointer' here
// CHECK-NEXT: virtual-dispatch.cpp:[[#BASE_CALL]]:6: note: 'testVirtualCallThroughBasePointer' calls 'VerySleepyHandler::handle' here
  }
};

struct QuietHandler : Handler {
  void handle() override {
    std::fprintf(stderr, "handled\n"); // no-warning: this override does not block
  }
};

struct FileHandler final : Handler {
  void handle() override {
    std::FILE *F = std::fopen("/tmp/out", "w");
// CHECK: virtual-dispatch.cpp:[[@LINE-1]]:20: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: virtual-dispatch.cpp:[[#MAIN_POST]]:18: note: lambda passed to 'post' runs on the event loop
// CHECK-NEXT: virtual-dispatch.cpp:[[#MAIN_POST+1]]:5: note: 'lambda in main' calls 'testVirtualCallThroughBasePointer' here
// CHECK-NEXT: virtual-dispatch.cpp:[[#BASE_CALL]]:6: note: 'testVirtualCallThroughBasePointer' calls 'FileHandler::handle' here
  }
  void flush() override {
    sync();    // no-warning: flush() is only called qualified, as Handler::flush()
  }
};

void testVirtualCallThroughBasePointer(Handler *H) {
  H->handle();
}

void testQualifiedCallDoesNotReachOverrides(Handler *H) {
  H->Handler::flush(); // no-warning: calls Handler::flush only, which does not block
}

void testCallThroughDerivedPointerSkipsSiblings(QuietHandler *Q) {
  Q->handle(); // no-warning: reaches QuietHandler::handle, not SleepyHandler's or FileHandler's
}

int main() {
  asio::io_context Io;
  asio::post(Io, [&] {
    testVirtualCallThroughBasePointer(nullptr);
    testQualifiedCallDoesNotReachOverrides(nullptr);
    testCallThroughDerivedPointerSkipsSiblings(nullptr);
  });
  Io.run();
}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
