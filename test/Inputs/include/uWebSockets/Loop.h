// A minimal uWS::Loop of stallscan's own, written from uWebSockets' public
// API (names and signatures only) for the tests in test/frameworks/. One
// Loop per thread: Loop::get() is the calling thread's loop.
#pragma once
#include <uWebSockets/MoveOnlyFunction.h>

namespace uWS {
struct Loop {
  static Loop *get(void *existingNativeLoop = nullptr);
  void defer(MoveOnlyFunction<void()> &&cb);
  void addPostHandler(void *key, MoveOnlyFunction<void(Loop *)> &&handler);
  void removePostHandler(void *key);
  void addPreHandler(void *key, MoveOnlyFunction<void(Loop *)> &&handler);
  void removePreHandler(void *key);
  void run();
  void free();
};

inline void run() { Loop::get()->run(); }
} // namespace uWS
