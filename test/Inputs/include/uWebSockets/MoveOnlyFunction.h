// A minimal uWS::MoveOnlyFunction of stallscan's own (uWebSockets keeps its
// callbacks in a move-only std::function), for the tests in test/frameworks/.
#pragma once
#include <cstddef>
#include <memory>
#include <utility>

namespace uWS {
template <typename Signature> class MoveOnlyFunction;
template <typename R, typename... Args> class MoveOnlyFunction<R(Args...)> {
  struct Base {
    virtual ~Base() = default;
    virtual R call(Args... A) = 0;
  };
  template <typename F> struct Holder : Base {
    F Fn;
    explicit Holder(F &&G) : Fn(std::move(G)) {}
    R call(Args... A) override { return Fn(std::forward<Args>(A)...); }
  };
  std::unique_ptr<Base> Impl;

public:
  MoveOnlyFunction() = default;
  MoveOnlyFunction(std::nullptr_t) {}
  template <typename F>
  MoveOnlyFunction(F &&G)
      : Impl(new Holder<std::decay_t<F>>(std::forward<F>(G))) {}
  MoveOnlyFunction(MoveOnlyFunction &&) = default;
  MoveOnlyFunction &operator=(MoveOnlyFunction &&) = default;
  explicit operator bool() const { return Impl != nullptr; }
  R operator()(Args... A) { return Impl->call(std::forward<Args>(A)...); }
};
} // namespace uWS
