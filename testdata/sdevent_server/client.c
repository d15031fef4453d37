/* Clients: one I/O source each; one command per line.
 *
 *   STATUS unit    runs systemctl and waits for it (on the loop)
 *   STATUSA unit   the fixed twin: spawns it and answers from a child source
 *   NOTE text      appends to the notes file (flushed by a defer source)
 */
#define _GNU_SOURCE /* accept4 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"

void client_reply(struct client *c, const char *line) {
    send(c->fd, line, strlen(line), MSG_NOSIGNAL); // OK: non-blocking socket
}

static void client_free(struct client *c) {
    sd_event_source_disable_unref(c->source);
    close(c->fd);
    free(c);
}

static void handle_command(struct client *c, char *line) {
    char *arg = strchr(line, ' ');
    if (arg)
        *arg++ = '\0';
    c->d->queries++;
    if (strcmp(line, "STATUS") == 0 && arg)
        unit_status(c, arg);
    else if (strcmp(line, "STATUSA") == 0 && arg)
        unit_status_async(c, arg);
    else if (strcmp(line, "NOTE") == 0 && arg) {
        notes_add(c->d, arg);
        client_reply(c, "+OK\n");
    } else
        client_reply(c, "-ERR unknown command\n");
}

static int on_client(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
    (void)s; (void)revents;
    struct client *c = userdata;
    ssize_t n = recv(fd, c->buf + c->len, sizeof c->buf - c->len - 1, 0); // OK: readable, non-blocking
    if (n <= 0) {
        client_free(c);
        return 0;
    }
    c->len += (size_t)n;
    c->buf[c->len] = '\0';
    char *start = c->buf, *eol;
    while ((eol = strchr(start, '\n')) != NULL) {
        *eol = '\0';
        handle_command(c, start);
        start = eol + 1;
    }
    c->len = strlen(start);
    memmove(c->buf, start, c->len + 1);
    return 0;
}

int on_listener_ready(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
    (void)s; (void)revents;
    int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (cfd < 0)
        return 0;
    struct client *c = calloc(1, sizeof *c);
    if (!c) {
        close(cfd);
        return 0;
    }
    c->d = userdata;
    c->fd = cfd;
    if (sd_event_add_io(c->d->event, &c->source, cfd, EPOLLIN, on_client, c) < 0)
        client_free(c);
    return 0;
}
