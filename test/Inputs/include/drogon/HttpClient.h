// Minimal drogon::HttpClient, written from Drogon's public API
// (drogon/HttpClient.h): the asynchronous sendRequest with a callback, and
// the synchronous overload of the same name that waits for the response.
#pragma once
#include <drogon/drogon.h>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace drogon {
enum class ReqResult { Ok, BadResponse, NetworkFailure, BadServerAddress, Timeout };
using HttpReqCallback = std::function<void(ReqResult, const HttpResponsePtr &)>;

class HttpClient {
public:
  static std::shared_ptr<HttpClient> newHttpClient(const std::string &Host);
  virtual ~HttpClient() = default;
  virtual void sendRequest(const HttpRequestPtr &Req,
                           const HttpReqCallback &Callback,
                           double Timeout = 0) = 0;
  virtual void sendRequest(const HttpRequestPtr &Req,
                           HttpReqCallback &&Callback, double Timeout = 0) = 0;
  // Waits for the response: never on the client's own loop.
  std::pair<ReqResult, HttpResponsePtr> sendRequest(const HttpRequestPtr &Req,
                                                    double Timeout = 0);
};
using HttpClientPtr = std::shared_ptr<HttpClient>;
} // namespace drogon
