#include <sys/epoll.h>
void handle(int fd);
void serve(int ep) {
  epoll_event evs[64];
  for (;;) {
    int n = epoll_wait(ep, evs, 64, -1);
    for (int i = 0; i < n; ++i)
      handle(evs[i].data.fd);
  }
}
int main() { serve(epoll_create1(0)); }
