// A minimal evpp::udp::Server of stallscan's own, written from evpp's public
// API for the tests in test/frameworks/.
#pragma once
#include <evpp/event_loop.h>
#include <memory>
#include <string>

namespace evpp {
namespace udp {
class Message {
public:
  std::string NextAllString();
};
typedef std::shared_ptr<Message> MessagePtr;

class Server {
public:
  typedef std::function<void(EventLoop *, MessagePtr &msg)> MessageHandler;
  Server();
  ~Server();
  bool Init(int port);
  bool Start();
  void Stop(bool wait_thread_exit);
  void SetMessageHandler(MessageHandler handler);
  void SetEventLoopThreadPool(const std::shared_ptr<EventLoopThreadPool> &pool);
};
} // namespace udp
} // namespace evpp
