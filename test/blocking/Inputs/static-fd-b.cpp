// Input of ../cross-tu-currently-false-positive.test: this TU's static Fd is a socket.
#include <mock_asio.hpp>
#include <sys/socket.h>
#include <unistd.h>

void openJournal();
void appendJournal(const char *B);

static int Fd;

void testReadStaticSocketFd() {
  char B[16];
  read(Fd, B, sizeof B); // OK: this TU's Fd is a socket
}

int main() {
  openJournal();
  appendJournal("start\n");
  Fd = socket(AF_INET, SOCK_STREAM, 0);
  boost::asio::io_context Io;
  boost::asio::post(Io, [] { testReadStaticSocketFd(); });
  Io.run();
}
