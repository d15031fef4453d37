// A minimal evpp::http::Server of stallscan's own, written from evpp's
// public API for the tests in test/frameworks/.
#pragma once
#include <evpp/event_loop.h>
#include <string>

namespace evpp {
namespace http {
class Context {
public:
  const std::string &uri() const;
  std::string body() const;
  void AddResponseHeader(const std::string &key, const std::string &value);
};
typedef std::shared_ptr<Context> ContextPtr;
typedef std::function<void(const std::string &response_data)> HTTPSendResponseCallback;
typedef std::function<void(EventLoop *loop, const ContextPtr &ctx,
                           const HTTPSendResponseCallback &respcb)>
    HTTPRequestCallback;

class Server {
public:
  Server(uint32_t thread_num = 0);
  ~Server();
  bool Init(int listen_port);
  bool Start();
  void Stop();
  void RegisterHandler(const std::string &uri, HTTPRequestCallback callback);
  void RegisterDefaultHandler(HTTPRequestCallback callback);
};
} // namespace http
} // namespace evpp
