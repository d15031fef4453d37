/* sdevent_server: a unit-status daemon on systemd's sd-event. */
#ifndef SDEVENT_SERVER_DAEMON_H
#define SDEVENT_SERVER_DAEMON_H

#include <stddef.h>
#include <systemd/sd-event.h>

struct daemon {
    sd_event *event;
    const char *notes_path;
    char notes[8192];
    size_t notes_len;
    int flush_scheduled;
    unsigned long queries;
};

struct client {
    struct daemon *d;
    sd_event_source *source;
    int fd;
    char buf[512];
    size_t len;
};

/* client.c */
int on_listener_ready(sd_event_source *s, int fd, uint32_t revents, void *userdata);
void client_reply(struct client *c, const char *line);

/* units.c */
void unit_status(struct client *c, const char *unit);
void unit_status_async(struct client *c, const char *unit);
void notes_add(struct daemon *d, const char *text);

#endif
