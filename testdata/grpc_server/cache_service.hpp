// The public Cache service, on gRPC's callback API: its methods run on
// gRPC's shared callback threads, so a handler that waits parks one of the
// few threads every RPC of the server needs.
#pragma once

#include "journal.hpp"
#include "kv.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

class CacheService final : public kv::Cache::CallbackService {
public:
  CacheService(std::shared_ptr<grpc::Channel> origin, Journal &journal);

  grpc::ServerUnaryReactor *Get(grpc::CallbackServerContext *ctx,
                                const kv::GetRequest *req,
                                kv::GetReply *reply) override;
  grpc::ServerUnaryReactor *GetFixed(grpc::CallbackServerContext *ctx,
                                     const kv::GetRequest *req,
                                     kv::GetReply *reply) override;
  grpc::ServerUnaryReactor *Put(grpc::CallbackServerContext *ctx,
                                const kv::PutRequest *req,
                                kv::PutReply *reply) override;

private:
  bool lookup(const std::string &key, std::string *value);
  void remember(const std::string &key, const std::string &value);

  std::unique_ptr<kv::Origin::Stub> origin_;
  Journal &journal_;
  std::mutex mu_;
  std::map<std::string, std::string> entries_;
};
