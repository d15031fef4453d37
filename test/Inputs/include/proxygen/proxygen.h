// A minimal Proxygen HTTP server API (https://github.com/facebook/proxygen;
// no Debian package) for stallscan's tests, written from its public API:
// RequestHandler's callbacks, RequestHandlerFactory, ResponseBuilder,
// HTTPServer::start. No Proxygen code: declarations only. (The real headers
// are <proxygen/httpserver/RequestHandler.h>, HTTPServer.h...)
#pragma once
#include <folly/folly.h>
#include <memory>
#include <string>
#include <vector>

namespace proxygen {

class HTTPMessage;
enum class UpgradeProtocol { TCP };
enum ProxygenError { kErrorNone };

class ResponseHandler;

class RequestHandler {
public:
  virtual ~RequestHandler() = default;
  virtual void setResponseHandler(ResponseHandler *handler) noexcept;
  virtual void onRequest(std::unique_ptr<HTTPMessage> headers) noexcept = 0;
  virtual void onBody(std::unique_ptr<folly::IOBuf> body) noexcept = 0;
  virtual void onUpgrade(UpgradeProtocol prot) noexcept = 0;
  virtual void onEOM() noexcept = 0;
  virtual void requestComplete() noexcept = 0;
  virtual void onError(ProxygenError err) noexcept = 0;
  virtual void onEgressPaused() noexcept {}
  virtual void onEgressResumed() noexcept {}

protected:
  ResponseHandler *downstream_{nullptr};
};

class RequestHandlerFactory {
public:
  virtual ~RequestHandlerFactory() = default;
  virtual void onServerStart(folly::EventBase *evb) noexcept = 0;
  virtual void onServerStop() noexcept = 0;
  virtual RequestHandler *onRequest(RequestHandler *, HTTPMessage *) noexcept = 0;
};

class ResponseBuilder {
public:
  explicit ResponseBuilder(ResponseHandler *txn);
  ResponseBuilder &status(uint16_t code, const std::string &message);
  ResponseBuilder &body(std::string body);
  void sendWithEOM();
};

struct HTTPServerOptions {
  size_t threads = 1;
  std::vector<std::unique_ptr<RequestHandlerFactory>> handlerFactories;
};

class HTTPServer {
public:
  explicit HTTPServer(HTTPServerOptions options);
  void start(std::function<void()> onSuccess = nullptr);
  void stop();
};

} // namespace proxygen
