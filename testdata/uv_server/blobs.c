#include "blobs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_log.h"

typedef struct save_job {
    uv_fs_t write_req;
    uv_fs_t close_req;
    uv_file file;
    client_t *client;
    ssize_t write_result;
    uv_buf_t buf;
    char name[80];
    char path[UVSRV_PATH_MAX];
} save_job_t;

typedef struct sync_job {
    uv_work_t work;
    client_t *client;
    int error;
    unsigned int settle_us;
    uint64_t started_ns;
    char name[80];
    char path[UVSRV_PATH_MAX];
} sync_job_t;

static int blob_path(char *out, size_t out_size, const server_t *srv, const char *name) {
    int n = snprintf(out, out_size, "%s/%s.blob", srv->data_dir, name);
    return (n < 0 || (size_t)n >= out_size) ? -1 : 0;
}

static void on_blob_closed(uv_fs_t *req) {
    save_job_t *job = req->data;
    uv_fs_req_cleanup(req);

    if (job->write_result < 0)
        client_sendf(job->client, "-ERR write %s: %s\r\n", job->name, uv_strerror((int)job->write_result));
    else
        client_sendf(job->client, "+SAVED %s %zd\r\n", job->name, job->write_result);

    client_unref(job->client);
    free(job->buf.base);
    free(job);
}

static void on_blob_written(uv_fs_t *req) {
    save_job_t *job = req->data;
    job->write_result = req->result;
    uv_fs_req_cleanup(req);

    job->close_req.data = job;
    uv_fs_close(job->client->srv->loop, &job->close_req, job->file, on_blob_closed); // OK: async, completion callback
}

int blob_save(client_t *c, const char *name, const char *data, size_t len) {
    uv_fs_t open_req;
    save_job_t *job;
    int fd, rc;

    job = calloc(1, sizeof *job);
    if (job == NULL) return UV_ENOMEM;
    snprintf(job->name, sizeof job->name, "%s", name);
    if (blob_path(job->path, sizeof job->path, c->srv, name) != 0) {
        free(job);
        return UV_ENAMETOOLONG;
    }

    /* No callback: libuv performs the open synchronously on the loop thread. */
    fd = uv_fs_open(c->srv->loop, &open_req, job->path, O_WRONLY | O_CREAT | O_TRUNC, 0644, NULL); // BLOCKING: file
    uv_fs_req_cleanup(&open_req);
    if (fd < 0) {
        free(job);
        return fd;
    }

    job->file = fd;
    job->client = c;
    job->buf = uv_buf_init(malloc(len), (unsigned int)len);
    if (job->buf.base == NULL) {
        free(job);
        return UV_ENOMEM;
    }
    memcpy(job->buf.base, data, len);
    job->write_req.data = job;

    client_ref(c);
    rc = uv_fs_write(c->srv->loop, &job->write_req, fd, &job->buf, 1, 0, on_blob_written); // OK: async, completion callback
    if (rc < 0) {
        client_unref(c);
        free(job->buf.base);
        free(job);
    }
    return rc;
}

/* Runs on a libuv thread-pool thread, never on the loop thread. */
static void sync_work(uv_work_t *req) {
    sync_job_t *job = req->data;
    int fd = open(job->path, O_RDONLY | O_CLOEXEC); // OK: uv_queue_work work callback runs on the thread pool
    if (fd < 0) {
        job->error = errno;
        return;
    }
    if (fsync(fd) != 0) job->error = errno; // OK: uv_queue_work work callback runs on the thread pool
    close(fd);
    if (job->settle_us > 0) usleep(job->settle_us); // OK: uv_queue_work work callback runs on the thread pool
}

/* Back on the loop thread: only formats a reply. */
static void after_sync(uv_work_t *req, int status) {
    sync_job_t *job = req->data;
    double elapsed_ms = (double)(uv_hrtime() - job->started_ns) / 1e6;

    if (status == UV_ECANCELED)
        client_sendf(job->client, "-ERR sync %s cancelled\r\n", job->name);
    else if (job->error != 0)
        client_sendf(job->client, "-ERR sync %s: %s\r\n", job->name, strerror(job->error));
    else
        client_sendf(job->client, "+SYNCED %s %.1fms\r\n", job->name, elapsed_ms);

    client_unref(job->client);
    free(job);
}

int blob_sync(client_t *c, const char *name) {
    sync_job_t *job = calloc(1, sizeof *job);
    int rc;

    if (job == NULL) return UV_ENOMEM;
    if (blob_path(job->path, sizeof job->path, c->srv, name) != 0) {
        free(job);
        return UV_ENAMETOOLONG;
    }
    snprintf(job->name, sizeof job->name, "%s", name);
    job->client = c;
    job->settle_us = c->srv->sync_settle_us;
    job->started_ns = uv_hrtime();
    job->work.data = job;

    client_ref(c);
    rc = uv_queue_work(c->srv->loop, &job->work, sync_work, after_sync);
    if (rc < 0) {
        console_log("sync: uv_queue_work failed: %s", uv_strerror(rc));
        client_unref(c);
        free(job);
    }
    return rc;
}
