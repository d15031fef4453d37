#include <mock_asio.hpp>
#include <unistd.h>
void testUnsuppressed() { sleep(1); }
void testNolint() { sleep(2); } // NOLINT
void testNolintForThisCheck() { usleep(3); } // NOLINT(stallscan-blocking-in-event-loop)
void testNolintForAnotherCheck() { usleep(4); } // NOLINT(stallscan-serialised-hot-path)
// NOLINTNEXTLINE(stallscan-*)
void testNolintNextLine() { usleep(5); }
// NOLINTBEGIN(stallscan-blocking-in-event-loop)
void testNolintBlock() { usleep(6); }
// NOLINTEND(stallscan-blocking-in-event-loop)
void testAfterBlock() { usleep(7); }
int main() {
  boost::asio::io_context Io;
  boost::asio::post(Io, [] {
    testUnsuppressed(); testNolint(); testNolintForThisCheck(); testNolintForAnotherCheck();
    testNolintNextLine(); testNolintBlock(); testAfterBlock();
  });
  Io.run();
}
