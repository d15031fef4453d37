// A link shortener on Drogon: the controller and the shared worker pool.
#pragma once
#include <drogon/drogon.h>
#include <trantor/utils/ConcurrentTaskQueue.h>
#include <functional>
#include <string>

namespace shortener {

// Slow work (exports, the access log) goes here, off the IO loops.
trantor::ConcurrentTaskQueue &workers();

class Links : public drogon::HttpController<Links> {
public:
  METHOD_LIST_BEGIN
  ADD_METHOD_TO(Links::resolve, "/l/{1}", drogon::Get);
  ADD_METHOD_TO(Links::resolveAsync, "/v2/l/{1}", drogon::Get);
  ADD_METHOD_TO(Links::stats, "/stats/{1}", drogon::Get);
  ADD_METHOD_TO(Links::exportAll, "/export", drogon::Post);
  METHOD_LIST_END

  void resolve(const drogon::HttpRequestPtr &req,
               std::function<void(const drogon::HttpResponsePtr &)> &&callback,
               std::string code);
  void resolveAsync(const drogon::HttpRequestPtr &req,
                    std::function<void(const drogon::HttpResponsePtr &)> &&callback,
                    std::string code);
  drogon::Task<drogon::HttpResponsePtr> stats(drogon::HttpRequestPtr req,
                                               std::string code);
  void exportAll(const drogon::HttpRequestPtr &req,
                 std::function<void(const drogon::HttpResponsePtr &)> &&callback);
};

} // namespace shortener
