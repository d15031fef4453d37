// libhv's HttpService routes, on a minimal header of stallscan's own
// (test/Inputs/include/hv/HttpServer.h): every GET/POST/Use goes through one
// template taking any callable, and the callback's own parameter types say
// where libhv runs it (if_handler_signature in
// checks/catalog/frameworks/libhv.json). Sync handlers
// int(HttpRequest*, HttpResponse*), ctx handlers int(const HttpContextPtr&)
// and state handlers run on the IO loop; async handlers
// void(const HttpRequestPtr&, const HttpResponseWriterPtr&) run on
// hv::async's pool, also when written as a function returning int. The
// handler chain's http_handler fields are told apart by the std::function
// overload of operator= the callable was converted to.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <hv/HttpServer.h>
#include <fstream>
#include <string>
#include <unistd.h>

static std::string readReport(const std::string &Name) {
  std::ifstream In("/srv/reports/" + Name);
// CHECK: libhv-http.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: libhv-http.cpp:[[#SYNC:]]:25: note: lambda passed to 'GET' runs on the event loop
// CHECK-NEXT: libhv-http.cpp:[[#SYNC+1]]:{{[0-9]+}}: note: 'lambda in testSyncAndCtxHandlers' calls 'readReport' here
  std::string S;
  std::getline(In, S);
  return S;
}

static int syncFunction(HttpRequest *, HttpResponse *Resp) {
  usleep(1000);
// CHECK: libhv-http.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: libhv-http.cpp:[[#FN:]]:{{[0-9]+}}: note: 'syncFunction' passed to 'POST' runs on the event loop
  return Resp->String("done");
}

// Written as libhv's own httpd example writes its sleep handler: async
// parameters, an int result; it runs on the pool all the same.
static int asyncFunction(const HttpRequestPtr &, const HttpResponseWriterPtr &W) {
  sleep(1); // no-warning: hv::async's pool
  return W->End();
}

static int stateHandler(const HttpContextPtr &, http_parser_state, const char *,
                        size_t) {
  FILE *F = fopen("/srv/upload.part", "a");
// CHECK: libhv-http.cpp:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: libhv-http.cpp:[[#STATE:]]:{{[0-9]+}}: note: 'stateHandler' passed to 'POST' runs on the event loop
  fclose(F);
// CHECK: libhv-http.cpp:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
// CHECK-NEXT: libhv-http.cpp:[[#STATE]]:{{[0-9]+}}: note: 'stateHandler' passed to 'POST' runs on the event loop
  return 0;
}

static int preprocessor(HttpRequest *, HttpResponse *) {
  sleep(1);
// CHECK: libhv-http.cpp:[[@LINE-1]]:3: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: libhv-http.cpp:[[#PRE:]]:{{[0-9]+}}: note: 'preprocessor' stored in 'hv::HttpService::preprocessor' runs on the event loop
  return 0;
}

static int errorPage(const HttpRequestPtr &, const HttpResponseWriterPtr &W) {
  std::ifstream In("/srv/error.html"); // no-warning: an async handler, on the pool
  return W->End();
}

void testSyncAndCtxHandlers(hv::HttpService &Router) {
  Router.GET("/report", [](HttpRequest *Req, HttpResponse *Resp) {
    return Resp->String(readReport(Req->path));
  });
  Router.GET("/ctx", [](const HttpContextPtr &Ctx) {
    usleep(10);
// CHECK: libhv-http.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: libhv-http.cpp:[[@LINE-3]]:22: note: lambda passed to 'GET' runs on the event loop
    return Ctx->send("ok");
  });
  Router.POST("/done", syncFunction);
  Router.POST("/upload", stateHandler);
}

void testAsyncHandlers(hv::HttpService &Router) {
  Router.GET("/export", [](const HttpRequestPtr &Req,
                           const HttpResponseWriterPtr &W) {
    std::ofstream Out("/srv/exports/" + Req->path); // no-warning: hv::async's pool
    Out << Req->body;
    W->End();
  });
  Router.GET("/slow", asyncFunction);
  hv::async([] { sleep(2); }); // no-warning: the global pool
  // Not known: a generic lambda's parameters are not in its type, so it
  // matches no route entry (a known miss, not a finding).
  Router.GET("/generic", [](auto *Req, auto *Resp) {
    usleep(5); // no-warning: not recognised
    return 200;
  });
}

void testHandlerChain(hv::HttpService &Router) {
  Router.preprocessor = preprocessor;
  Router.errorHandler = errorPage;
}

int main() {
  hv::HttpService Router;
  testSyncAndCtxHandlers(Router);
  testAsyncHandlers(Router);
  testHandlerChain(Router);
  hv::HttpServer Server(&Router);
  Server.setThreadNum(4);
  Server.run(":8080");
}
// CHECK: stallscan: 6 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops
// CHECK-NEXT: evidence: 'hv::HttpServer::run' runs an event loop
// CHECK: exit-code: 1
