// Two lambdas in one function have the same display name ("lambda in
// serve") but are different functions: the graph keeps them apart.
#include <mock_asio.hpp>
#include <unistd.h>
void readDisk() { sleep(1); }
void resolveName() { usleep(2); }
void serve(boost::asio::io_context &Io) {
  boost::asio::post(Io, [] { readDisk(); });
  boost::asio::post(Io, [] { resolveName(); });
}
int main() {
  boost::asio::io_context Io;
  serve(Io);
  Io.run();
}
