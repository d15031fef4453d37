/* Connections: accept, read lines, dispatch commands.
 *
 *   GET key        the value, read from the data folder on the loop
 *   GETA key       the same, read by a worker thread (the fixed twin of GET)
 *   PEER host      resolves a replica's address
 *   STATS          request and miss counters
 *   SHUTDOWN       answers what is in flight, then stops the loop
 */
#define _GNU_SOURCE /* accept4 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server.h"

void conn_reply(struct conn *c, const char *data, size_t len) {
    if (c->fd >= 0)
        send(c->fd, data, len, MSG_NOSIGNAL); // OK: non-blocking socket, accepted with SOCK_NONBLOCK
}

void conn_release(struct conn *c) {
    if (--c->refs > 0)
        return;
    free(c);
}

static void conn_close(struct conn *c) {
    ev_io_stop(c->srv->loop, &c->io);
    close(c->fd);
    c->fd = -1;
    conn_release(c);
}

static void reply_peer(struct conn *c, const char *host) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, "7300", &hints, &res); // BLOCKING: dns
    char line[128];
    int n = rc == 0 ? snprintf(line, sizeof line, "+PEER %s ok\r\n", host)
                    : snprintf(line, sizeof line, "-ERR %s\r\n", gai_strerror(rc));
    if (res)
        freeaddrinfo(res);
    conn_reply(c, line, (size_t)n);
}

static int jobs_in_flight(struct server *srv) {
    pthread_mutex_lock(&srv->lock);
    int busy = srv->pending != NULL || srv->finished != NULL;
    pthread_mutex_unlock(&srv->lock);
    return busy;
}

static void handle_line(struct conn *c, char *line) {
    struct server *srv = c->srv;
    char *arg = strchr(line, ' ');
    if (arg)
        *arg++ = '\0';
    srv->requests++;
    if (strcmp(line, "GET") == 0 && arg) {
        char value[KV_VALUE_MAX];
        long n = store_read(srv, arg, value, sizeof value);
        if (n < 0) {
            srv->misses++;
            conn_reply(c, "-MISS\r\n", 7);
        } else {
            conn_reply(c, value, (size_t)n);
        }
    } else if (strcmp(line, "GETA") == 0 && arg) {
        job_submit(srv, c, arg);
    } else if (strcmp(line, "PEER") == 0 && arg) {
        reply_peer(c, arg);
    } else if (strcmp(line, "STATS") == 0) {
        char out[96];
        int n = snprintf(out, sizeof out, "+STATS %lu %lu\r\n", srv->requests, srv->misses);
        conn_reply(c, out, (size_t)n);
    } else if (strcmp(line, "SHUTDOWN") == 0) {
        /* Answer the GETAs still on the workers before stopping. */
        while (jobs_in_flight(srv))
            ev_run(srv->loop, EVRUN_ONCE); // BLOCKING: nested-loop
        ev_break(srv->loop, EVBREAK_ALL);
    } else {
        conn_reply(c, "-ERR unknown command\r\n", 22);
    }
}

static void on_read(struct ev_loop *loop, ev_io *w, int revents) {
    (void)loop; (void)revents;
    struct conn *c = (struct conn *)w;
    ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len - 1, 0); // OK: readable, non-blocking
    if (n <= 0) {
        conn_close(c);
        return;
    }
    c->len += (size_t)n;
    c->buf[c->len] = '\0';
    char *start = c->buf, *eol;
    while ((eol = strstr(start, "\r\n")) != NULL) {
        *eol = '\0';
        handle_line(c, start);
        if (c->fd < 0)
            return;
        start = eol + 2;
    }
    c->len = strlen(start);
    memmove(c->buf, start, c->len + 1);
    if (c->len == sizeof c->buf - 1)
        conn_close(c);
}

void on_accept(struct ev_loop *loop, ev_io *w, int revents) {
    (void)revents;
    struct server *srv = w->data;
    int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return;
    struct conn *c = calloc(1, sizeof *c);
    if (!c) {
        close(fd);
        return;
    }
    c->fd = fd;
    c->srv = srv;
    c->refs = 1;
    ev_io_init(&c->io, on_read, fd, EV_READ);
    ev_io_start(loop, &c->io);
}
