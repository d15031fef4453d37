/* The data folder (one file per key), the statistics file and the worker
 * threads that serve GETA off the loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

long store_read(const struct server *srv, const char *key, char *out, size_t size) {
    char path[512];
    if (strchr(key, '/') || snprintf(path, sizeof path, "%s/%s", srv->data_dir, key) >= (int)sizeof path)
        return -1;
    FILE *fp = fopen(path, "rb"); // BLOCKING: file
    if (!fp)
        return -1;
    size_t n = fread(out, 1, size, fp); // BLOCKING: file
    fclose(fp); // BLOCKING: file
    return (long)n;
}

void store_write_stats(const struct server *srv) {
    char path[512];
    snprintf(path, sizeof path, "%s/.stats", srv->data_dir);
    FILE *fp = fopen(path, "w"); // BLOCKING: file
    if (!fp)
        return;
    fprintf(fp, "requests %lu\nmisses %lu\n", srv->requests, srv->misses); // BLOCKING: file
    fclose(fp); // BLOCKING: file
}

/* Worker threads: take a job, read its file, hand it back to the loop. */
static void *worker_main(void *arg) {
    struct server *srv = arg;
    for (;;) {
        pthread_mutex_lock(&srv->lock);
        while (!srv->pending)
            pthread_cond_wait(&srv->wake, &srv->lock);
        struct job *job = srv->pending;
        srv->pending = job->next;
        pthread_mutex_unlock(&srv->lock);

        job->len = store_read(srv, job->key, job->value, sizeof job->value); // OK: a worker thread

        pthread_mutex_lock(&srv->lock);
        job->next = srv->finished;
        srv->finished = job;
        pthread_mutex_unlock(&srv->lock);
        ev_async_send(srv->loop, &srv->jobs_done);
    }
    return NULL;
}

void workers_start(struct server *srv, int count) {
    for (int i = 0; i < count; i++) {
        pthread_t tid;
        pthread_create(&tid, NULL, worker_main, srv);
        pthread_detach(tid);
    }
}

void job_submit(struct server *srv, struct conn *c, const char *key) {
    struct job *job = calloc(1, sizeof *job);
    if (!job) {
        conn_reply(c, "-ERR busy\r\n", 11);
        return;
    }
    job->conn = c;
    c->refs++;
    snprintf(job->key, sizeof job->key, "%s", key);
    pthread_mutex_lock(&srv->lock);
    job->next = srv->pending;
    srv->pending = job;
    pthread_cond_signal(&srv->wake);
    pthread_mutex_unlock(&srv->lock);
}

/* Back on the loop: send each finished job's reply. */
void on_jobs_done(struct ev_loop *loop, ev_async *w, int revents) {
    (void)loop; (void)revents;
    struct server *srv = w->data;
    pthread_mutex_lock(&srv->lock);
    struct job *done = srv->finished;
    srv->finished = NULL;
    pthread_mutex_unlock(&srv->lock);
    while (done) {
        struct job *next = done->next;
        if (done->len < 0)
            conn_reply(done->conn, "-MISS\r\n", 7);
        else
            conn_reply(done->conn, done->value, (size_t)done->len);
        conn_release(done->conn);
        free(done);
        done = next;
    }
}
