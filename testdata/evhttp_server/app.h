/* Shared state for the libevent HTTP + side-channel server. */
#ifndef EVSRV_APP_H
#define EVSRV_APP_H

#include <stddef.h>

struct event_base;
struct evhttp;
struct evconnlistener;

typedef struct config {
    char http_address[64];
    int http_port;
    int side_port;
    char static_root[256];
    char rotate_command[256];
    size_t max_static_bytes;
    int allow_admin;
} config_t;

typedef struct app {
    struct event_base *base;
    struct evhttp *http;
    struct evconnlistener *side_listener;
    config_t cfg;
    unsigned long requests;
    unsigned long lookups;
    unsigned long static_hits;
    unsigned long errors;
    unsigned long side_connections;
    unsigned long side_lines;
} app_t;

/* config.c */
void config_defaults(config_t *cfg);
int config_load(const char *path, config_t *cfg);

/* handlers.c */
void handlers_register(app_t *app);

/* side_channel.c */
int side_channel_start(app_t *app);
void side_channel_stop(app_t *app);

#endif
