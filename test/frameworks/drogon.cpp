// Drogon, on a minimal header of stallscan's own (test/Inputs/include/drogon/):
// controller methods registered by METHOD_LIST_BEGIN / ADD_METHOD_TO, handlers
// given to app().registerHandler, advices, simple controllers and filters run
// on the IO loop serving the request (checks/catalog/frameworks/drogon.json),
// and so does a Task<> coroutine handler. The sync DB client blocks that loop;
// execSqlAsync and co_await execSqlCoro do not; sync_wait and a future's
// get() wait on the loop. A task handed to a trantor
// ConcurrentTaskQueue is off the loop; one queued on another IO loop is not.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++20 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <drogon/drogon.h>
#include <trantor/utils/ConcurrentTaskQueue.h>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace drogon;
static trantor::ConcurrentTaskQueue Workers(4, "workers");

class Users : public HttpController<Users> {
public:
  METHOD_LIST_BEGIN
  ADD_METHOD_TO(Users::getSync, "/users/{1}", Get);
  ADD_METHOD_TO(Users::getAsync, "/async/users/{1}", Get);
  METHOD_ADD(Users::getCoro, "/coro/{1}", Get);
  METHOD_LIST_END

  void getSync(const HttpRequestPtr &,
               std::function<void(const HttpResponsePtr &)> &&Callback,
               std::string Id) {
    auto Db = app().getDbClient();
    auto R = Db->execSqlSync("select * from users where id=$1", Id);
// CHECK: drogon.cpp:[[@LINE-1]]:18: warning: blocking call to 'drogon::orm::DbClient::execSqlSync' on the event loop; use execSqlAsync or co_await execSqlCoro
// CHECK-NEXT: drogon.cpp:[[#LIST:@LINE-11]]:3: note: 'Users::getSync' passed to 'registerMethod' runs on the event loop
    (void)R;
    Callback(HttpResponse::newHttpResponse());
  }

  void getAsync(const HttpRequestPtr &,
                std::function<void(const HttpResponsePtr &)> &&Callback,
                std::string Id) { // no-warning: the async twin
    app().getDbClient()->execSqlAsync(
        "select * from users where id=$1",
        [Callback](const orm::Result &) {
          Callback(HttpResponse::newHttpResponse());
        },
        [](const std::exception_ptr &) {}, Id);
  }

  Task<HttpResponsePtr> getCoro(HttpRequestPtr, std::string Id) {
    auto R = co_await app().getDbClient()->execSqlCoro(
        "select * from users where id=$1", Id); // no-warning: suspends
    (void)R;
    FILE *F = fopen("/var/log/users.log", "a");
// CHECK: drogon.cpp:[[@LINE-1]]:15: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: drogon.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'Users::getCoro' {{.*}}
    (void)F;
    co_return HttpResponse::newHttpResponse();
  }
};

class Health : public HttpSimpleController<Health> {
public:
  PATH_LIST_BEGIN
  PATH_LIST_END
  void asyncHandleHttpRequest(
      const HttpRequestPtr &,
      std::function<void(const HttpResponsePtr &)> &&Callback) override {
    std::ifstream Status("/run/health");
// CHECK: drogon.cpp:[[@LINE-1]]:19: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: drogon.cpp:[[@LINE-5]]:8: note: 'Health::asyncHandleHttpRequest' overrides 'drogon::HttpSimpleControllerBase::asyncHandleHttpRequest', which runs on the event loop
    Callback(HttpResponse::newHttpResponse());
  }
};

class Throttle : public HttpFilter<Throttle> {
public:
  void doFilter(const HttpRequestPtr &, FilterCallback &&,
                FilterChainCallback &&Next) override {
    usleep(500);
// CHECK: drogon.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: drogon.cpp:[[@LINE-4]]:8: note: 'Throttle::doFilter' overrides 'drogon::HttpFilterBase::doFilter', which runs on the event loop
    Next();
  }
};

static std::string renderReport() {
  std::ifstream In("/srv/report.tpl"); // no-warning: reached only from the worker pool
  std::string S;
  std::getline(In, S);
  return S;
}

static Task<int> countUsers() { co_return 1; } // no-warning: suspends nowhere, blocks nowhere

void testHandlersAndAdvices() {
  app().registerHandler(
      "/report",
      [](const HttpRequestPtr &,
         std::function<void(const HttpResponsePtr &)> &&Callback) {
        Workers.runTaskInQueue([Callback] { // no-warning: off the loop
          auto R = HttpResponse::newHttpResponse();
          R->setBody(renderReport());
          Callback(R);
        });
        app().getIOLoop(0)->queueInLoop([] {
          sleep(1);
// CHECK: drogon.cpp:[[@LINE-1]]:11: warning: blocking call to 'sleep' on the event loop
// CHECK-NEXT: drogon.cpp:[[@LINE-3]]:41: note: lambda passed to 'queueInLoop' runs on the event loop
        });
      },
      {Get});
  app().registerSyncAdvice([](const HttpRequestPtr &) -> HttpResponsePtr {
    auto Tx = app().getDbClient()->newTransaction();
// CHECK: drogon.cpp:[[@LINE-1]]:36: warning: blocking call to 'drogon::orm::DbClient::newTransaction' on the event loop; use newTransactionAsync or co_await newTransactionCoro
// CHECK-NEXT: drogon.cpp:[[@LINE-3]]:28: note: lambda passed to 'registerSyncAdvice' runs on the event loop
    (void)Tx;
    return nullptr;
  });
  app().registerPreRoutingAdvice([](const HttpRequestPtr &) {
    int N = sync_wait(countUsers());
// CHECK: drogon.cpp:[[@LINE-1]]:13: warning: blocking call to 'drogon::sync_wait' on the event loop; co_await the task instead
// CHECK-NEXT: drogon.cpp:[[#PRE:@LINE-3]]:34: note: lambda passed to 'registerPreRoutingAdvice' runs on the event loop
    auto Count = app().getDbClient()->execSqlAsyncFuture("select count(*) from users");
    Count.get();
// CHECK: drogon.cpp:[[@LINE-1]]:11: warning: blocking call to 'std::future::get' on the event loop
// CHECK-NEXT: drogon.cpp:[[#PRE]]:34: note: lambda passed to 'registerPreRoutingAdvice' runs on the event loop
    (void)N;
  });
  app().registerPostHandlingAdvice(
      [](const HttpRequestPtr &, const HttpResponsePtr &) {}); // no-warning
}

int main() {
  std::ifstream Config("/etc/app.json"); // no-warning: before the loop runs
  testHandlersAndAdvices();
  app().addListener("0.0.0.0", 8080).setThreadNum(4);
  app().run();
}
// CHECK: stallscan: 8 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops
// CHECK: evidence: 'drogon::HttpAppFramework::run' runs an event loop
// CHECK: exit-code: 1
