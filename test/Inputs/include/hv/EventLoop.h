// A minimal libhv C++ layer (hv::EventLoop, hv::TcpServer) of stallscan's
// own, from libhv's public API (names and signatures only).
#pragma once
#include <hv/hloop.h>
#include <functional>
#include <memory>
#include <string>

namespace hv {
typedef uint64_t TimerID;
typedef std::function<void()> Functor;
typedef std::function<void(TimerID)> TimerCallback;

class EventLoop {
public:
  EventLoop(hloop_t *loop = nullptr);
  void run();
  void stop();
  hloop_t *loop();
  TimerID setTimeout(int timeout_ms, TimerCallback cb);
  TimerID setInterval(int interval_ms, TimerCallback cb);
  void killTimer(TimerID timerID);
  void runInLoop(Functor fn);
  void queueInLoop(Functor fn);
};
typedef std::shared_ptr<EventLoop> EventLoopPtr;

class Buffer {
public:
  void *data();
  size_t size();
};

class SocketChannel {
public:
  int write(const std::string &str);
  int close();
  bool isConnected();
  std::function<void(Buffer *)> onread;
  std::function<void()> onclose;
};
typedef std::shared_ptr<SocketChannel> SocketChannelPtr;

template <class TSocketChannel = SocketChannel> class TcpServerEventLoopTmpl {
public:
  typedef std::shared_ptr<TSocketChannel> TSocketChannelPtr;
  int createsocket(int port, const char *host = "0.0.0.0");
  void start();
  std::function<void(const TSocketChannelPtr &)> onConnection;
  std::function<void(const TSocketChannelPtr &, Buffer *)> onMessage;
  std::function<void(const TSocketChannelPtr &, Buffer *)> onWriteComplete;
};
template <class TSocketChannel = SocketChannel>
class TcpServerTmpl : public TcpServerEventLoopTmpl<TSocketChannel> {
public:
  void setThreadNum(int num);
  void start(bool wait_threads_started = true);
};
typedef TcpServerTmpl<SocketChannel> TcpServer;
} // namespace hv
