#include <sys/epoll.h>
#include <unistd.h>
typedef void (*handler_fn)(int fd);
static handler_fn handlers[64];
static int probe(int ep) { struct epoll_event e; return epoll_wait(ep, &e, 1, 0); }
static int dispatch(int ep) {
  struct epoll_event evs[64];
  int n = epoll_wait(ep, evs, 64, -1);
#ifdef ONCE
  if (n == 1) handlers[evs[0].data.fd](evs[0].data.fd);
#else
  for (int i = 0; i < n; ++i) handlers[evs[i].data.fd](evs[i].data.fd);
#endif
  return n;
}
struct actions { int (*process)(int ep); };
static struct actions acts = { dispatch };
static void on_read(int fd) { char b[64]; read(fd, b, sizeof b); usleep(100); }
static void process_events(int ep) { acts.process(ep); }
int main(void) {
  int ep = epoll_create1(0);
  probe(ep);
  handlers[0] = on_read;
  for (;;) process_events(ep);
}
