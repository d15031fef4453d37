// Two example programs in one build, each with its own Server (as in muduo's
// examples/), plus a thread pool whose definition is part of the analysed code.
#pragma once
#include <mock_asio.hpp>
#include <string>
namespace muduo {
class ThreadPool {
public:
  void run(void (*Task)());
private:
  int Pending = 0;
};
} // namespace muduo
class Server {
public:
  explicit Server(boost::asio::io_context &Io) : Io(Io) {}
  void start();
  void onMessage(const std::string &Line);
private:
  boost::asio::io_context &Io;
};
