// A caching front for an origin service, on gRPC: the Cache API on the
// callback API, the Admin API on a completion queue drained by a thread of
// its own, and a journal compacted by another.
#include "admin.hpp"
#include "cache_service.hpp"
#include "journal.hpp"

#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <string>
#include <thread>

int main(int argc, char **argv) {
  std::string listen = argc > 1 ? argv[1] : "0.0.0.0:50051";
  std::string origin = argc > 2 ? argv[2] : "localhost:50052";
  std::string journal_path = argc > 3 ? argv[3] : "/var/lib/kvcache/journal";

  Journal journal(journal_path);
  journal.start();
  CacheService cache(grpc::CreateChannel(origin, grpc::InsecureChannelCredentials()),
                     journal);
  kv::Admin::AsyncService admin;

  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials());
  builder.RegisterService(&cache);
  builder.RegisterService(&admin);
  std::unique_ptr<grpc::ServerCompletionQueue> cq = builder.AddCompletionQueue();
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::fprintf(stderr, "cannot listen on %s\n", listen.c_str());
    return 1;
  }
  std::thread admin_thread([&] { serveAdmin(&admin, cq.get()); });
  server->Wait();
  cq->Shutdown();
  admin_thread.join();
}
