/* Shared types for the libuv blob server. */
#ifndef UVSRV_SERVER_H
#define UVSRV_SERVER_H

#include <stddef.h>
#include <uv.h>

#define CLIENT_BUF_SIZE 8192
#define UVSRV_PATH_MAX 512

typedef struct server {
    uv_loop_t *loop;
    uv_tcp_t listener;
    uv_timer_t stats_timer;
    uv_signal_t sigint;
    const char *data_dir;
    const char *audit_path;
    unsigned long next_client_id;
    unsigned long active_clients;
    unsigned long commands_total;
    unsigned long commands_this_tick;
    unsigned long bytes_in;
    unsigned long bytes_out;
    unsigned long max_commands_per_tick;
    unsigned int overload_backoff_us;
    unsigned int sync_settle_us;
} server_t;

typedef struct client {
    uv_tcp_t handle; /* must stay first: callbacks cast the handle back to client_t */
    server_t *srv;
    unsigned long id;
    int refs;
    int closing;
    size_t inlen;
    char inbuf[CLIENT_BUF_SIZE];
} client_t;

/* conn.c */
void on_new_connection(uv_stream_t *listener, int status);
void client_send(client_t *c, const char *data, size_t len);
void client_sendf(client_t *c, const char *fmt, ...);
void client_ref(client_t *c);
void client_unref(client_t *c);
void client_close(client_t *c);

#endif
