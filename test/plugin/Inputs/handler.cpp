#include <mock_asio.hpp>
#include <mutex>
#include <unistd.h>
std::mutex g_mutex;
void onTimer() {
  std::lock_guard<std::mutex> Lock(g_mutex);
  usleep(10);
}
int main() {
  boost::asio::io_context Io;
  boost::asio::post(Io, onTimer);
  Io.run();
}
