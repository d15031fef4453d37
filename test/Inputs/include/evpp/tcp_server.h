// A minimal evpp TCPServer, TCPClient and TCPConn of stallscan's own,
// written from evpp's public API for the tests in test/frameworks/.
#pragma once
#include <evpp/event_loop.h>
#include <cstddef>
#include <string>

namespace evpp {
class Buffer {
public:
  size_t length() const;
  std::string NextAllString();
  void Reset();
};

class TCPConn {
public:
  void Send(const std::string &d);
  void Send(const void *d, size_t dlen);
  void Close();
  EventLoop *loop() const;
  bool IsConnected() const;
  void SetWriteCompleteCallback(const std::function<void(const std::shared_ptr<TCPConn> &)> cb);
  void SetHighWaterMarkCallback(const std::function<void(const std::shared_ptr<TCPConn> &, size_t)> &cb,
                                size_t mark);
};
typedef std::shared_ptr<TCPConn> TCPConnPtr;
typedef std::function<void(const TCPConnPtr &)> ConnectionCallback;
typedef std::function<void(const TCPConnPtr &, Buffer *)> MessageCallback;

class TCPServer {
public:
  typedef std::function<void()> DoneCallback;
  TCPServer(EventLoop *loop, const std::string &listen_addr,
            const std::string &name, uint32_t thread_num);
  ~TCPServer();
  bool Init();
  bool Start();
  void Stop(DoneCallback cb = DoneCallback());
  void SetConnectionCallback(const ConnectionCallback &cb);
  void SetMessageCallback(MessageCallback cb);
};

class TCPClient {
public:
  TCPClient(EventLoop *loop, const std::string &remote_addr,
            const std::string &name);
  ~TCPClient();
  void Connect();
  void Disconnect();
  void SetConnectionCallback(const ConnectionCallback &cb);
  void SetMessageCallback(const MessageCallback &cb);
};
} // namespace evpp
