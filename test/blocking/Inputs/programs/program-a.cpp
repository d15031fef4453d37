#include "server.h"
#include <fcntl.h>
#include <unistd.h>
// Program A: its onMessage runs on the loop and does nothing blocking, except
// the EMFILE idle-descriptor trick, which opens /dev/null (no disk).
void Server::start() {
  boost::asio::post(Io, [this] { onMessage("hello"); });
}
void Server::onMessage(const std::string &Line) {
  int Idle = ::open("/dev/null", O_RDONLY | O_CLOEXEC); // no-warning: /dev/null
  ::close(Idle);
  (void)Line;
}
