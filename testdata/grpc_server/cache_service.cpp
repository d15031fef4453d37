#include "cache_service.hpp"

CacheService::CacheService(std::shared_ptr<grpc::Channel> origin,
                           Journal &journal)
    : origin_(kv::Origin::NewStub(origin)), journal_(journal) {}

bool CacheService::lookup(const std::string &key, std::string *value) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end())
    return false;
  *value = it->second;
  return true;
}

void CacheService::remember(const std::string &key, const std::string &value) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_[key] = value;
}

grpc::ServerUnaryReactor *CacheService::Get(grpc::CallbackServerContext *ctx,
                                            const kv::GetRequest *req,
                                            kv::GetReply *reply) {
  auto *reactor = ctx->DefaultReactor();
  std::string value;
  if (lookup(req->key(), &value)) {
    reply->set_value(value);
    reply->set_found(true);
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  // A miss: ask the origin and wait for its answer, on a callback thread.
  grpc::ClientContext upstream;
  grpc::Status status = origin_->Fetch(&upstream, *req, reply);  // BLOCKING: rpc
  if (status.ok() && reply->found())
    remember(req->key(), reply->value());
  reactor->Finish(status);
  return reactor;
}

grpc::ServerUnaryReactor *
CacheService::GetFixed(grpc::CallbackServerContext *ctx,
                       const kv::GetRequest *req, kv::GetReply *reply) {
  auto *reactor = ctx->DefaultReactor();
  std::string value;
  if (lookup(req->key(), &value)) {
    reply->set_value(value);
    reply->set_found(true);
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  // The same miss through the stub's callback API: the handler returns at
  // once and the reply is finished when the origin answers.
  auto upstream = std::make_shared<grpc::ClientContext>();
  origin_->async()->Fetch(upstream.get(), req, reply,  // OK: the async twin of Fetch
                          [this, upstream, req, reply, reactor](grpc::Status status) {
                            if (status.ok() && reply->found())
                              remember(req->key(), reply->value());
                            reactor->Finish(status);
                          });
  return reactor;
}

grpc::ServerUnaryReactor *CacheService::Put(grpc::CallbackServerContext *ctx,
                                            const kv::PutRequest *req,
                                            kv::PutReply *) {
  remember(req->key(), req->value());
  if (req->key().rfind("durable/", 0) == 0)
    journal_.append(req->key(), req->value());
  else
    journal_.enqueue(req->key(), req->value());
  auto *reactor = ctx->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}
