/* sdevent_server: answers "is this unit active?" over a Unix socket, on
 * sd-event's loop. Clients are served by I/O sources, a timer reports the
 * query count, notes are flushed by a defer source. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon.h"

static int listen_unix(const char *path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    unlink(path); // OK: startup, before sd_event_loop
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 64) < 0) {
        close(fd);
        return -errno;
    }
    return fd;
}

static int on_report(sd_event_source *s, uint64_t usec, void *userdata) {
    struct daemon *d = userdata;
    fprintf(stderr, "sdevent_server: %lu queries\n", d->queries); // OK: console output to stderr
    sd_event_source_set_time(s, usec + 60 * 1000000ULL);
    return 0;
}

int main(int argc, char **argv) {
    static struct daemon d;
    const char *sock_path = argc > 1 ? argv[1] : "/run/sdevent_server.sock";
    d.notes_path = argc > 2 ? argv[2] : "/var/lib/sdevent_server/notes";

    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);

    int r = sd_event_default(&d.event);
    if (r < 0)
        return 1;
    int fd = listen_unix(sock_path);
    if (fd < 0)
        return 1;
    sd_event_add_io(d.event, NULL, fd, EPOLLIN, on_listener_ready, &d);
    sd_event_add_time_relative(d.event, NULL, CLOCK_MONOTONIC, 60 * 1000000ULL, 0, on_report, &d);
    sd_event_add_signal(d.event, NULL, SIGTERM, NULL, NULL);
    sd_event_add_signal(d.event, NULL, SIGINT, NULL, NULL);

    r = sd_event_loop(d.event);
    close(fd);
    sd_event_unref(d.event);
    return r < 0 ? 1 : 0;
}
