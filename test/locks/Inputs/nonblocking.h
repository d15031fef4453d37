struct conn {
  int sfd;
};
struct peer {
  int fd;
};
int make_nonblocking(int fd);
void conn_init(struct conn *C, int Sfd);
