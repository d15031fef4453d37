// A quote server on evpp: a TCPServer with 4 loop threads, a refresh timer.
#include "handlers.hpp"

#include <evpp/event_loop.h>
#include <evpp/tcp_server.h>

#include <fstream>
#include <unistd.h>

int main() {
  std::ifstream config("/etc/quotes.conf"); // OK: before the loop runs
  evpp::EventLoop loop;
  evpp::TCPServer server(&loop, "0.0.0.0:9099", "quotes", 4);
  server.SetMessageCallback(&quotes::onMessage);
  server.SetConnectionCallback([](const evpp::TCPConnPtr &conn) {
    if (conn->IsConnected())
      conn->Send("quotes ready\r\n");
  });
  server.Init();
  server.Start();

  loop.RunEvery(evpp::Duration(1.0), [] { quotes::refreshCache(); });
  // A warm-up pause queued on the main loop.
  loop.RunAfter(500.0, [] {
    sleep(2); // BLOCKING: sleep
  });
  loop.QueueInLoop([] { quotes::refreshCache(); }); // OK: nothing blocks
  loop.Run();
}
