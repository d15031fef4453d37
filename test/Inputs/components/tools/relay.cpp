// Target 'relay': a thread per connection.
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

static void serve(int Fd) {
  char Buf[64];
  (void)read(Fd, Buf, sizeof Buf);
  close(Fd);
}

int main() {
  int S = socket(AF_INET, SOCK_STREAM, 0);
  for (;;) {
    int C = accept(S, nullptr, nullptr);
    std::thread(serve, C).detach();
  }
}
