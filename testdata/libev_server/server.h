/* libev_server: a key/value line server on libev. */
#ifndef LIBEV_SERVER_SERVER_H
#define LIBEV_SERVER_SERVER_H

#include <ev.h>
#include <pthread.h>
#include <stddef.h>

#define KV_LINE_MAX 1024
#define KV_VALUE_MAX 4096

struct conn;

/* A GETA request handed to the worker threads; its reply comes back to the
 * loop through the server's ev_async watcher. */
struct job {
    struct job *next;
    struct conn *conn;
    char key[128];
    char value[KV_VALUE_MAX];
    long len;
};

struct server {
    struct ev_loop *loop;
    const char *data_dir;
    ev_io accept_watcher;
    ev_timer flush_timer;
    ev_async jobs_done;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct job *pending;
    struct job *finished;
    unsigned long requests;
    unsigned long misses;
};

struct conn {
    ev_io io;
    int fd;
    struct server *srv;
    char buf[KV_LINE_MAX];
    size_t len;
    int refs;
};

/* conn.c */
void on_accept(struct ev_loop *loop, ev_io *w, int revents);
void conn_reply(struct conn *c, const char *data, size_t len);
void conn_release(struct conn *c);

/* store.c */
long store_read(const struct server *srv, const char *key, char *out, size_t size);
void store_write_stats(const struct server *srv);
void workers_start(struct server *srv, int count);
void on_jobs_done(struct ev_loop *loop, ev_async *w, int revents);
void job_submit(struct server *srv, struct conn *c, const char *key);

#endif
