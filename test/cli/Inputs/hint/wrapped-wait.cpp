#include <sys/epoll.h>
#include <unistd.h>
namespace net {
int poll_once(int ep, epoll_event *evs) { return epoll_wait(ep, evs, 64, -1); }
void handle(int fd) { char b[64]; read(fd, b, sizeof b); usleep(100); }
void serve(int ep) {
  epoll_event evs[64];
  for (;;) {
    int n = poll_once(ep, evs);
    for (int i = 0; i < n; ++i) handle(evs[i].data.fd);
  }
}
}
int main() { net::serve(epoll_create1(0)); }
