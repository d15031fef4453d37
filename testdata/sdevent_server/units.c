/* Unit queries (systemctl is-active) and the notes file. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

extern char **environ;

static int valid_unit(const char *unit) {
    return unit[0] && strspn(unit, "abcdefghijklmnopqrstuvwxyz0123456789-_.@") == strlen(unit);
}

void unit_status(struct client *c, const char *unit) {
    if (!valid_unit(unit)) {
        client_reply(c, "-ERR bad unit\n");
        return;
    }
    char cmd[256], state[64] = "unknown\n";
    snprintf(cmd, sizeof cmd, "systemctl is-active %s", unit);
    FILE *p = popen(cmd, "r"); // BLOCKING: process
    if (!p) {
        client_reply(c, "-ERR spawn\n");
        return;
    }
    fgets(state, sizeof state, p); // BLOCKING: file (waits for systemctl to print)
    pclose(p); // BLOCKING: process
    client_reply(c, state);
}

/* The fixed twin: systemctl runs while the loop serves others; the child
 * source answers once it has exited. */
struct status_query {
    struct client *c;
};

static int on_systemctl_exit(sd_event_source *s, const siginfo_t *si, void *userdata) {
    struct status_query *q = userdata;
    client_reply(q->c, si->si_status == 0 ? "active\n" : "inactive\n");
    sd_event_source_unref(s);
    free(q);
    return 0;
}

void unit_status_async(struct client *c, const char *unit) {
    if (!valid_unit(unit)) {
        client_reply(c, "-ERR bad unit\n");
        return;
    }
    char *argv[] = {"systemctl", "is-active", "--quiet", (char *)unit, NULL};
    pid_t pid;
    if (posix_spawnp(&pid, "systemctl", NULL, NULL, argv, environ) != 0) {
        client_reply(c, "-ERR spawn\n");
        return;
    }
    struct status_query *q = calloc(1, sizeof *q);
    q->c = c;
    sd_event_add_child(c->d->event, NULL, pid, WEXITED, on_systemctl_exit, q); // OK: the loop reaps it
}

/* Notes are buffered and written once per loop iteration by a defer source. */
static int on_flush_notes(sd_event_source *s, void *userdata) {
    struct daemon *d = userdata;
    sd_event_source_unref(s);
    d->flush_scheduled = 0;
    int fd = open(d->notes_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644); // BLOCKING: file
    if (fd < 0)
        return 0;
    write(fd, d->notes, d->notes_len); // BLOCKING: file
    fsync(fd); // BLOCKING: file
    close(fd);
    d->notes_len = 0;
    return 0;
}

void notes_add(struct daemon *d, const char *text) {
    size_t n = strlen(text);
    if (d->notes_len + n + 1 > sizeof d->notes)
        return;
    memcpy(d->notes + d->notes_len, text, n);
    d->notes[d->notes_len + n] = '\n';
    d->notes_len += n + 1;
    if (!d->flush_scheduled) {
        sd_event_add_defer(d->event, NULL, on_flush_notes, d);
        d->flush_scheduled = 1;
    }
}
