#include "server.h"
#include <unistd.h>
// Program B: the same class names, never registered on a loop here; its
// onMessage sleeps. It must not be reported through program A's handler.
void Server::start() {}
void Server::onMessage(const std::string &Line) {
  sleep(1); // no-warning: program B's onMessage is not on a loop
  (void)Line;
}
