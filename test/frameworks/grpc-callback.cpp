// gRPC's callback API with Debian's real grpcpp headers: a generated
// CallbackService's methods and a server reactor's callbacks run on gRPC's
// shared callback threads (handler_overrides in
// checks/catalog/frameworks/grpc.json), where a blocking call starves every
// RPC of the server. The service class below has the shape protoc's
// generated code gives it (WithCallbackMethod_<Rpc>); its sync twin, an
// ordinary grpc::Service method, runs on a thread of its own per RPC
// (thread-per-request evidence: the verdict is hybrid).
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/service_type.h>
#include <fstream>
#include <string>
#include <unistd.h>

namespace demo {
struct Req {};
struct Resp {};
// What protoc writes for `service Store { rpc Get(Req) returns (Resp); }`.
class Store final {
public:
  template <class BaseClass> class WithCallbackMethod_Get : public BaseClass {
  public:
    virtual ::grpc::ServerUnaryReactor *Get(::grpc::CallbackServerContext *,
                                            const Req *, Resp *) {
      return nullptr;
    }
  };
  typedef WithCallbackMethod_Get<::grpc::Service> CallbackService;
  class Service : public ::grpc::Service {
  public:
    virtual ::grpc::Status Get(::grpc::ServerContext *, const Req *, Resp *) {
      return ::grpc::Status::OK;
    }
  };
};
} // namespace demo

static std::string readBlob(const std::string &Path) {
  std::ifstream In(Path);
// CHECK: grpc-callback.cpp:[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream' on the event loop
// CHECK-NEXT: grpc-callback.cpp:[[@LINE+8]]:31: note: 'StoreImpl::Get' overrides 'demo::Store::WithCallbackMethod_Get::Get', which runs on the event loop
// CHECK-NEXT: grpc-callback.cpp:[[@LINE+10]]:5: note: 'StoreImpl::Get' calls 'readBlob' here
  std::string Out;
  std::getline(In, Out);
  return Out;
}

class StoreImpl final : public demo::Store::CallbackService {
  ::grpc::ServerUnaryReactor *Get(::grpc::CallbackServerContext *Ctx,
                                  const demo::Req *, demo::Resp *) override {
    auto *R = Ctx->DefaultReactor();
    readBlob("/var/lib/store/blob");
    R->Finish(::grpc::Status::OK);
    return R;
  }
};

class SyncStoreImpl final : public demo::Store::Service {
  ::grpc::Status Get(::grpc::ServerContext *, const demo::Req *,
                     demo::Resp *) override {
    sleep(1); // no-warning: the sync API runs each RPC on a thread of its own
    return ::grpc::Status::OK;
  }
};

class Echo final : public ::grpc::ServerBidiReactor<demo::Req, demo::Resp> {
public:
  void OnReadDone(bool Ok) override {
    usleep(100);
// CHECK: grpc-callback.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: grpc-callback.cpp:[[@LINE-3]]:8: note: 'Echo::OnReadDone' overrides 'grpc::ServerBidiReactor::OnReadDone', which runs on the event loop
    if (Ok)
      StartWrite(&Out);
  }
  void OnDone() override { Done = true; } // no-warning
  ~Echo() override { sleep(1); } // no-warning: a destructor is not a reactor callback

private:
  demo::Resp Out;
  bool Done = false;
};

int main() {
  StoreImpl S;
  SyncStoreImpl T;
  (void)S;
  (void)T;
}
// CHECK: stallscan: 2 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: hybrid: event-loop code and thread-per-connection or blocking worker code are both present
// CHECK-NEXT: evidence: 3 grpc handlers registered on an event loop
// CHECK-NEXT: evidence: 'SyncStoreImpl::Get' overrides 'demo::Store::Service::Get', which the framework runs per request on a pool thread with blocking I/O
// CHECK: exit-code: 1
