#include <mock_asio.hpp>
#include <unistd.h>
void helper();
void onTimer() {
  helper();
}
int main() {
  boost::asio::io_context Io;
  boost::asio::post(Io, onTimer);
  Io.run();
}
