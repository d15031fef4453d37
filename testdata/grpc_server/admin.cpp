#include "admin.hpp"

#include <grpcpp/alarm.h>

#include <chrono>
#include <thread>

namespace {

// One Flush or FlushFixed call, from its request to its reply.
class FlushCall {
public:
  FlushCall(kv::Admin::AsyncService *service, grpc::ServerCompletionQueue *cq,
            bool fixed)
      : service_(service), cq_(cq), fixed_(fixed), responder_(&ctx_) {
    if (fixed_)
      service_->RequestFlushFixed(&ctx_, &request_, &responder_, cq_, cq_, this);
    else
      service_->RequestFlush(&ctx_, &request_, &responder_, cq_, cq_, this);
  }

  // Called on the queue's thread each time this call's tag comes out.
  void proceed(bool ok) {
    if (!ok || state_ == State::Finishing) {
      delete this;
      return;
    }
    if (state_ == State::Waiting) {
      new FlushCall(service_, cq_, fixed_);
      if (fixed_) {
        // Throttle with an alarm on the queue: the thread serves other
        // calls until the deadline.
        state_ = State::Throttled;
        alarm_.Set(cq_,  // OK: an alarm on the completion queue, not a sleep
                   std::chrono::system_clock::now() +
                       std::chrono::milliseconds(request_.delay_ms()),
                   this);
        return;
      }
      // Throttle by sleeping: every admin call waits behind this one.
      std::this_thread::sleep_for(std::chrono::milliseconds(request_.delay_ms()));  // BLOCKING: sleep
    }
    reply_.set_dropped(0);
    state_ = State::Finishing;
    responder_.Finish(reply_, grpc::Status::OK, this);  // OK: async, completes through the queue
  }

private:
  enum class State { Waiting, Throttled, Finishing };
  kv::Admin::AsyncService *service_;
  grpc::ServerCompletionQueue *cq_;
  bool fixed_;
  State state_ = State::Waiting;
  grpc::ServerContext ctx_;
  kv::FlushRequest request_;
  kv::FlushReply reply_;
  grpc::ServerAsyncResponseWriter<kv::FlushReply> responder_;
  grpc::Alarm alarm_;
};

} // namespace

void serveAdmin(kv::Admin::AsyncService *service,
                grpc::ServerCompletionQueue *cq) {
  new FlushCall(service, cq, false);
  new FlushCall(service, cq, true);
  void *tag = nullptr;
  bool ok = false;
  while (cq->Next(&tag, &ok))  // OK: the reactor's own wait
    static_cast<FlushCall *>(tag)->proceed(ok);
}
