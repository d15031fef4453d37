// A minimal Drogon of stallscan's own, written from Drogon's public API
// (names, signatures and what its registration macros call) for the tests
// in test/frameworks/. Coroutine parts need -std=c++20.
#pragma once
#include <trantor/net/EventLoop.h>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>
#if __cplusplus >= 202002L
#include <coroutine>
#include <exception>
#endif

namespace drogon {
enum HttpMethod { Get, Post, Head, Put, Delete, Options, Patch, Invalid };
enum HttpStatusCode { k200OK = 200, k403Forbidden = 403, k404NotFound = 404 };

class HttpRequest {
public:
  const std::string &path() const;
  std::string getParameter(const std::string &key) const;
  const std::string &getHeader(const std::string &field) const;
};
class HttpResponse;
using HttpRequestPtr = std::shared_ptr<HttpRequest>;
using HttpResponsePtr = std::shared_ptr<HttpResponse>;
class HttpResponse {
public:
  static HttpResponsePtr newHttpResponse();
  static HttpResponsePtr newNotFoundResponse();
  static HttpResponsePtr newFileResponse(const std::string &fullPath);
  void setBody(const std::string &body);
  void setStatusCode(HttpStatusCode code);
};

using AdviceCallback = std::function<void(const HttpResponsePtr &)>;
using AdviceChainCallback = std::function<void()>;
using FilterCallback = std::function<void(const HttpResponsePtr &)>;
using FilterChainCallback = std::function<void()>;

namespace internal {
struct HttpConstraint {
  HttpConstraint(HttpMethod method);
  HttpConstraint(const std::string &filterName);
  HttpConstraint(const char *filterName);
};
} // namespace internal

#if __cplusplus >= 202002L
// A lazy coroutine task, the shape of drogon::Task<T>.
template <typename T = void> struct Task {
  struct promise_type {
    T value;
    Task get_return_object() { return Task{}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return T{}; }
};
template <> struct Task<void> {
  struct promise_type {
    Task get_return_object() { return Task{}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
template <typename T> T sync_wait(Task<T> &&task) { return task.await_resume(); }
#endif

namespace orm {
class Result {
public:
  size_t size() const;
};
class Transaction;
namespace internal {
struct SqlAwaiter {
  bool await_ready() const noexcept;
#if __cplusplus >= 202002L
  void await_suspend(std::coroutine_handle<>);
#endif
  Result await_resume();
};
} // namespace internal
class DbClient {
public:
  virtual ~DbClient();
  template <typename FUNCTION1, typename FUNCTION2, typename... Arguments>
  void execSqlAsync(const std::string &sql, FUNCTION1 &&rCallback,
                    FUNCTION2 &&exceptCallback, Arguments &&...args) noexcept {}
  template <typename... Arguments>
  std::future<Result> execSqlAsyncFuture(const std::string &sql,
                                         Arguments &&...args) noexcept;
  template <typename... Arguments>
  Result execSqlSync(const std::string &sql, Arguments &&...args);
  template <typename... Arguments>
  internal::SqlAwaiter execSqlCoro(const std::string &sql,
                                   Arguments &&...args) noexcept;
  virtual std::shared_ptr<Transaction> newTransaction(
      const std::function<void(bool)> &commitCallback = {}) = 0;
  virtual void newTransactionAsync(
      const std::function<void(const std::shared_ptr<Transaction> &)>
          &callback) = 0;
};
using DbClientPtr = std::shared_ptr<DbClient>;
} // namespace orm

class HttpAppFramework {
public:
  virtual ~HttpAppFramework();
  virtual void run() = 0;
  virtual void quit() = 0;
  virtual trantor::EventLoop *getLoop() const = 0;
  virtual trantor::EventLoop *getIOLoop(size_t id) const = 0;
  virtual HttpAppFramework &setThreadNum(size_t threadNum) = 0;
  virtual HttpAppFramework &addListener(const std::string &ip,
                                        uint16_t port) = 0;
  virtual orm::DbClientPtr getDbClient(const std::string &name = "default") = 0;
  template <typename FUNCTION>
  HttpAppFramework &
  registerHandler(const std::string &pathPattern, FUNCTION &&function,
                  const std::vector<internal::HttpConstraint> &constraints = {},
                  const std::string &handlerName = "") {
    return *this;
  }
  template <typename FUNCTION>
  HttpAppFramework &registerHandlerViaRegex(
      const std::string &regExp, FUNCTION &&function,
      const std::vector<internal::HttpConstraint> &constraints = {},
      const std::string &handlerName = "") {
    return *this;
  }
  virtual HttpAppFramework &
  registerBeginningAdvice(const std::function<void()> &advice) = 0;
  virtual HttpAppFramework &registerSyncAdvice(
      const std::function<HttpResponsePtr(const HttpRequestPtr &)> &advice) = 0;
  virtual HttpAppFramework &registerPreRoutingAdvice(
      const std::function<void(const HttpRequestPtr &, AdviceCallback &&,
                               AdviceChainCallback &&)> &advice) = 0;
  virtual HttpAppFramework &registerPreRoutingAdvice(
      const std::function<void(const HttpRequestPtr &)> &advice) = 0;
  virtual HttpAppFramework &registerPostHandlingAdvice(
      const std::function<void(const HttpRequestPtr &, const HttpResponsePtr &)>
          &advice) = 0;
};
HttpAppFramework &app();

// Controllers register their methods from initPathRouting(), which the
// METHOD_LIST_BEGIN ... METHOD_LIST_END block defines.
#define METHOD_LIST_BEGIN static void initPathRouting() {
#define METHOD_ADD(method, pattern, ...)                                       \
  registerMethod(&method, pattern, {__VA_ARGS__}, true, #method)
#define ADD_METHOD_TO(method, path_pattern, ...)                               \
  registerMethod(&method, path_pattern, {__VA_ARGS__}, false, #method)
#define METHOD_LIST_END }

template <typename T, bool AutoCreation = true> class HttpController {
protected:
  template <typename FUNCTION>
  static void
  registerMethod(FUNCTION &&function, const std::string &pattern,
                 const std::vector<internal::HttpConstraint> &constraints = {},
                 bool classNameInPath = true,
                 const std::string &handlerName = "") {}
};

class HttpSimpleControllerBase {
public:
  virtual ~HttpSimpleControllerBase();
  virtual void asyncHandleHttpRequest(
      const HttpRequestPtr &req,
      std::function<void(const HttpResponsePtr &)> &&callback) = 0;
};
template <typename T, bool AutoCreation = true>
class HttpSimpleController : public HttpSimpleControllerBase {};
#define PATH_LIST_BEGIN static void initPathRouting() {
#define PATH_ADD(path, ...) registerSelf__(path, {__VA_ARGS__})
#define PATH_LIST_END }

class HttpFilterBase {
public:
  virtual ~HttpFilterBase();
  virtual void doFilter(const HttpRequestPtr &req, FilterCallback &&fcb,
                        FilterChainCallback &&fccb) = 0;
};
template <typename T, bool AutoCreation = true>
class HttpFilter : public HttpFilterBase {};
} // namespace drogon
