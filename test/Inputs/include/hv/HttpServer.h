// A minimal libhv HTTP server layer (hv::HttpService, hv::HttpServer) of
// stallscan's own, from libhv's public API (HttpService.h, HttpServer.h:
// names and signatures only). Every route registration goes through one
// template taking any callable; http_handler's constructors pick which of
// the four std::function kinds it is.
#pragma once
#include <hv/EventLoop.h>
#include <functional>
#include <map>
#include <memory>
#include <string>

class HttpRequest {
public:
  std::string path;
  std::string body;
  std::map<std::string, std::string> query_params;
};
class HttpResponse {
public:
  std::string body;
  int String(const std::string &str);
  int File(const char *filepath);
};
typedef std::shared_ptr<HttpRequest> HttpRequestPtr;
typedef std::shared_ptr<HttpResponse> HttpResponsePtr;
enum http_parser_state { HP_MESSAGE_COMPLETE = 7 };

namespace hv {
class HttpResponseWriter {
public:
  int WriteBody(const std::string &str);
  int End();
};
class HttpContext {
public:
  std::string body();
  int send(const std::string &str);
};
} // namespace hv
typedef std::shared_ptr<hv::HttpResponseWriter> HttpResponseWriterPtr;
typedef std::shared_ptr<hv::HttpContext> HttpContextPtr;

namespace hv {
// sync and ctx handlers run on the IO thread, async ones on hv::async's pool
typedef std::function<int(HttpRequest *req, HttpResponse *resp)> http_sync_handler;
typedef std::function<void(const HttpRequestPtr &req, const HttpResponseWriterPtr &writer)>
    http_async_handler;
typedef std::function<int(const HttpContextPtr &ctx)> http_ctx_handler;
typedef std::function<int(const HttpContextPtr &ctx, http_parser_state state,
                          const char *data, size_t size)>
    http_state_handler;

struct http_handler {
  http_sync_handler sync_handler;
  http_async_handler async_handler;
  http_ctx_handler ctx_handler;
  http_state_handler state_handler;
  http_handler() {}
  http_handler(http_sync_handler fn) : sync_handler(std::move(fn)) {}
  http_handler(http_async_handler fn) : async_handler(std::move(fn)) {}
  http_handler(http_ctx_handler fn) : ctx_handler(std::move(fn)) {}
  http_handler(http_state_handler fn) : state_handler(std::move(fn)) {}
  const http_handler &operator=(http_sync_handler fn);
  const http_handler &operator=(http_async_handler fn);
  const http_handler &operator=(http_ctx_handler fn);
  const http_handler &operator=(http_state_handler fn);
};

struct HttpService {
  http_handler headerHandler;
  http_handler preprocessor;
  http_handler postprocessor;
  http_handler errorHandler;
  http_handler largeFileHandler;
  std::string document_root;

  void AddRoute(const char *path, int method, const http_handler &handler);
  template <typename Handler> void Use(Handler handlerFunc) {
    AddRoute("", 0, http_handler(handlerFunc));
  }
  template <typename Handler>
  void Handle(const char *httpMethod, const char *relativePath, Handler handlerFunc) {
    AddRoute(relativePath, httpMethod[0], http_handler(handlerFunc));
  }
  template <typename Handler> void GET(const char *relativePath, Handler handlerFunc) {
    Handle("GET", relativePath, handlerFunc);
  }
  template <typename Handler> void POST(const char *relativePath, Handler handlerFunc) {
    Handle("POST", relativePath, handlerFunc);
  }
  template <typename Handler> void PUT(const char *relativePath, Handler handlerFunc) {
    Handle("PUT", relativePath, handlerFunc);
  }
  template <typename Handler> void Delete(const char *relativePath, Handler handlerFunc) {
    Handle("DELETE", relativePath, handlerFunc);
  }
  template <typename Handler> void Any(const char *relativePath, Handler handlerFunc) {
    Handle("GET", relativePath, handlerFunc);
    Handle("POST", relativePath, handlerFunc);
  }
};

class HttpServer {
public:
  HttpServer(HttpService *service = nullptr);
  void setThreadNum(int num);
  int run(const char *ip_port = nullptr, bool wait = true);
  int start(const char *ip_port = nullptr);
};

// hv::async: runs fn on the global thread pool
void commitToPool(std::function<void()> fn);
template <class Fn> void async(Fn &&fn) { commitToPool(std::forward<Fn>(fn)); }
} // namespace hv
