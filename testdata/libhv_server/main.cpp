// A small file server on libhv's C++ layer: hv::TcpServer serves GET <name>,
// hv::EventLoop's timers keep the stats; the admin port (admin.c) uses the
// C API on the same loop; an hv::HttpServer serves reports (http.cpp).
#include "admin.h"
#include "http.h"

#include <hv/EventLoop.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

std::map<std::string, std::string> cache;
long served = 0;

std::string readWhole(const std::string &path) {
  std::ifstream in(path); // BLOCKING: file
  std::stringstream ss;
  ss << in.rdbuf(); // BLOCKING: file (the read itself)
  return ss.str();
}

void writeStats(long n) {
  std::ofstream out("/var/lib/filesrv/stats", std::ios::trunc); // OK: a thread of its own
  out << n << '\n';
}

} // namespace

int main() {
  std::ifstream config("/etc/filesrv.conf"); // OK: before the loop runs
  cache["index"] = readWhole("/srv/files/index");

  hv::EventLoopPtr loop = std::make_shared<hv::EventLoop>();
  hv::TcpServer server;
  server.createsocket(8090);
  server.onMessage = [](const hv::SocketChannelPtr &channel, hv::Buffer *buf) {
    std::string name(static_cast<char *>(buf->data()), buf->size());
    ++served;
    auto hit = cache.find(name);
    if (hit != cache.end()) {
      channel->write(hit->second); // the fixed path: served from memory
      return;
    }
    channel->write(readWhole("/srv/files/" + name));
  };
  server.onConnection = [](const hv::SocketChannelPtr &channel) {
    channel->write("filesrv ready\r\n"); // OK: queued on the loop
  };
  server.start();

  // Slows the first minute down on purpose, on the loop.
  loop->setTimeout(60000, [](hv::TimerID) {
    usleep(200 * 1000); // BLOCKING: sleep
  });
  // The fixed twin of a stats dump: the file is written by a thread.
  loop->setInterval(10000, [](hv::TimerID) {
    long n = served;
    std::thread([n] { writeStats(n); }).detach();
  });

  admin_start(loop->loop(), 8091);

  hv::HttpService router;
  http_routes(router);
  hv::HttpServer http(&router);
  http.setThreadNum(2);
  http.start(":8092");
  loop->run();
}
