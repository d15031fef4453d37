// A minimal trantor TcpServer / TcpClient / TcpConnection of stallscan's
// own, from trantor's public API (names and signatures only).
#pragma once
#include <trantor/net/EventLoop.h>
#include <memory>
#include <string>

namespace trantor {
class InetAddress {
public:
  InetAddress(const std::string &ip, uint16_t port, bool ipv6 = false);
  explicit InetAddress(uint16_t port = 0, bool loopbackOnly = false,
                       bool ipv6 = false);
};

class MsgBuffer {
public:
  const char *peek() const;
  size_t readableBytes() const;
  void retrieveAll();
  std::string read(size_t len);
};

class TcpConnection;
using TcpConnectionPtr = std::shared_ptr<TcpConnection>;
using RecvMessageCallback =
    std::function<void(const TcpConnectionPtr &, MsgBuffer *)>;
using ConnectionCallback = std::function<void(const TcpConnectionPtr &)>;
using CloseCallback = std::function<void(const TcpConnectionPtr &)>;
using WriteCompleteCallback = std::function<void(const TcpConnectionPtr &)>;
using HighWaterMarkCallback =
    std::function<void(const TcpConnectionPtr &, const size_t)>;
using ConnectionErrorCallback = std::function<void()>;

class TcpConnection {
public:
  virtual ~TcpConnection();
  virtual void send(const char *msg, size_t len) = 0;
  virtual void send(const std::string &msg) = 0;
  virtual void sendFile(const char *fileName, long long offset = 0,
                        long long length = 0) = 0;
  virtual void shutdown() = 0;
  virtual void forceClose() = 0;
  virtual EventLoop *getLoop() = 0;
  virtual bool connected() const = 0;
  virtual void setHighWaterMarkCallback(const HighWaterMarkCallback &cb,
                                        size_t markLen) = 0;
  void setRecvMsgCallback(const RecvMessageCallback &cb);
  void setConnectionCallback(const ConnectionCallback &cb);
  void setWriteCompleteCallback(const WriteCompleteCallback &cb);
  void setCloseCallback(const CloseCallback &cb);
};

class TcpServer {
public:
  TcpServer(EventLoop *loop, const InetAddress &address, std::string name,
            bool reUseAddr = true, bool reUsePort = true);
  ~TcpServer();
  void start();
  void stop();
  void setIoLoopNum(size_t num);
  void setIoLoops(const std::vector<EventLoop *> &ioLoops);
  void setRecvMessageCallback(const RecvMessageCallback &cb);
  void setRecvMessageCallback(RecvMessageCallback &&cb);
  void setConnectionCallback(const ConnectionCallback &cb);
  void setConnectionCallback(ConnectionCallback &&cb);
  void setWriteCompleteCallback(const WriteCompleteCallback &cb);
  void setWriteCompleteCallback(WriteCompleteCallback &&cb);
  EventLoop *getLoop() const;
};

class TcpClient {
public:
  TcpClient(EventLoop *loop, const InetAddress &serverAddr,
            const std::string &nameArg);
  void connect();
  void disconnect();
  void setConnectionCallback(const ConnectionCallback &cb);
  void setConnectionErrorCallback(const ConnectionErrorCallback &cb);
  void setMessageCallback(const RecvMessageCallback &cb);
  void setWriteCompleteCallback(const WriteCompleteCallback &cb);
};
} // namespace trantor
