/* libev_server: a key/value line server on libev. One loop (EV_DEFAULT)
 * accepts and serves every client; a timer writes the statistics; GETA's
 * file reads run on worker threads that wake the loop with ev_async_send. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"

static ev_signal sigint_watcher;

static int listen_on(unsigned short port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 128) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The periodic statistics dump: runs on the loop every 10 s. */
static void on_flush(struct ev_loop *loop, ev_timer *w, int revents) {
    (void)loop; (void)revents;
    store_write_stats(w->data);
}

static void on_sigint(struct ev_loop *loop, ev_signal *w, int revents) {
    (void)w; (void)revents;
    ev_break(loop, EVBREAK_ALL);
}

int main(int argc, char **argv) {
    static struct server srv;
    srv.data_dir = argc > 1 ? argv[1] : "/var/lib/libev_server";
    unsigned short port = argc > 2 ? (unsigned short)atoi(argv[2]) : 7300;
    if (mkdir(srv.data_dir, 0755) != 0 && errno != EEXIST) { // OK: startup, before ev_run
        perror(srv.data_dir);
        return 1;
    }
    pthread_mutex_init(&srv.lock, NULL);
    pthread_cond_init(&srv.wake, NULL);

    int fd = listen_on(port);
    if (fd < 0) {
        perror("listen");
        return 1;
    }
    srv.loop = EV_DEFAULT;
    ev_io_init(&srv.accept_watcher, on_accept, fd, EV_READ);
    srv.accept_watcher.data = &srv;
    ev_io_start(srv.loop, &srv.accept_watcher);
    ev_timer_init(&srv.flush_timer, on_flush, 10., 10.);
    srv.flush_timer.data = &srv;
    ev_timer_start(srv.loop, &srv.flush_timer);
    ev_async_init(&srv.jobs_done, on_jobs_done);
    srv.jobs_done.data = &srv;
    ev_async_start(srv.loop, &srv.jobs_done);
    ev_signal_init(&sigint_watcher, on_sigint, SIGINT);
    ev_signal_start(srv.loop, &sigint_watcher);
    workers_start(&srv, 4);

    ev_run(srv.loop, 0);
    close(fd);
    return 0;
}
