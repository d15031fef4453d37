// Drogon's HttpClient::sendRequest has a synchronous overload with the
// asynchronous one's name: sendRequest(req, timeout) waits for the response
// (on the client's own loop it never returns), sendRequest(req, callback)
// returns at once and runs the callback on the client's loop. The catalog
// tells them apart by parameter types (if_signature in
// checks/catalog/frameworks/drogon.json), on a minimal header of
// stallscan's own (test/Inputs/include/drogon/HttpClient.h).
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <drogon/HttpClient.h>
#include <drogon/drogon.h>
#include <unistd.h>

using namespace drogon;
static HttpClientPtr Upstream = HttpClient::newHttpClient("http://upstream");

int main() {
  app().registerHandler(
      "/sync",
      [](const HttpRequestPtr &Req,
         std::function<void(const HttpResponsePtr &)> &&Callback) {
        auto [Result, Resp] = Upstream->sendRequest(Req, 5.0);
// CHECK: drogon-client.cpp:[[@LINE-1]]:41: warning: blocking call to 'drogon::HttpClient::sendRequest' on the event loop; pass a callback (sendRequest(req, callback)) or co_await sendRequestCoro
// CHECK-NEXT: drogon-client.cpp:[[@LINE-4]]:7: note: lambda passed to 'registerHandler' runs on the event loop
        Callback(Resp);
      });
  app().registerHandler(
      "/async",
      [](const HttpRequestPtr &Req,
         std::function<void(const HttpResponsePtr &)> &&Callback) {
        Upstream->sendRequest(Req, // no-warning: the asynchronous overload
                              [Callback](ReqResult, const HttpResponsePtr &Resp) {
                                usleep(10);
// CHECK: drogon-client.cpp:[[@LINE-1]]:33: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: drogon-client.cpp:[[@LINE-3]]:31: note: lambda passed to 'sendRequest' runs on the event loop
                                Callback(Resp);
                              });
      });
  app().run();
}
// CHECK: stallscan: 2 findings in 1 file
// CHECK-NEXT: architecture: asynchronous
// CHECK: evidence: 1 synchronous client call (http 1) and 1 asynchronous client call
// CHECK: exit-code: 1
