// Input of ../json-output.test: one finding with a two-frame trace, one
// non-finding.
#include <mock_asio.hpp>
#include <unistd.h>

namespace asio = boost::asio;

void flushToDisk() {
  sleep(1); // the finding
}

int main() {
  asio::io_context Io;
  asio::post(Io, [] { flushToDisk(); });
  usleep(1); // not a finding: before the loop runs
  Io.run();
}
