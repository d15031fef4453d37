#include "object-table.h"
#include <sys/socket.h>
#include <thread>

SessionTable table;

void serveConnection(int Fd) {
  table.touch(Fd);
  LocalTable Mine;
  Mine.touch(Fd);
}

int nextAdminCommand(int Fd); // outside the program: it may wait

void serveAdmin(int Fd) {
  nextAdminCommand(Fd);
  table.touchAll(Fd);
  LocalTable Mine;
  Mine.touch(Fd);
}

int main() {
  int Listener = socket(AF_INET, SOCK_STREAM, 0);
  for (int W = 0; W < 2; ++W) // a pool of admin workers (one thread started
    std::thread(serveAdmin, W).detach(); // once would be background work)
  for (;;) {
    int Fd = accept(Listener, nullptr, nullptr);
    std::thread(serveConnection, Fd).detach();
  }
}
