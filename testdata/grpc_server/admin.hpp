// The Admin service on gRPC's async completion-queue API: one thread drains
// the queue and drives every call's state machine by its tag, as an epoll
// loop drives its connections.
#pragma once

#include "kv.grpc.pb.h"

#include <grpcpp/grpcpp.h>

// Serves Flush and FlushFixed on `cq` until the queue shuts down.
void serveAdmin(kv::Admin::AsyncService *service,
                grpc::ServerCompletionQueue *cq);
