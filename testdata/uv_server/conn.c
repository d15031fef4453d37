#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_log.h"
#include "blobs.h"
#include "proto.h"
#include "server.h"

typedef struct write_req {
    uv_write_t req;
    uv_buf_t buf;
    client_t *client;
} write_req_t;

static void on_close(uv_handle_t *handle) {
    client_t *c = (client_t *)handle;
    c->srv->active_clients--;
    client_unref(c);
}

void client_ref(client_t *c) { c->refs++; }

void client_unref(client_t *c) {
    if (--c->refs == 0) free(c);
}

void client_close(client_t *c) {
    if (c->closing) return;
    c->closing = 1;
    uv_read_stop((uv_stream_t *)&c->handle);
    uv_close((uv_handle_t *)&c->handle, on_close);
}

static void on_write_done(uv_write_t *req, int status) {
    write_req_t *wr = (write_req_t *)req;
    if (status < 0) {
        console_log("client %lu: write failed: %s", wr->client->id, uv_strerror(status));
        client_close(wr->client);
    } else {
        wr->client->srv->bytes_out += wr->buf.len;
    }
    client_unref(wr->client);
    free(wr->buf.base);
    free(wr);
}

void client_send(client_t *c, const char *data, size_t len) {
    write_req_t *wr;
    if (c->closing || len == 0) return;
    wr = malloc(sizeof *wr);
    if (wr == NULL) return;
    wr->buf = uv_buf_init(malloc(len), (unsigned int)len);
    if (wr->buf.base == NULL) {
        free(wr);
        return;
    }
    memcpy(wr->buf.base, data, len);
    wr->client = c;
    client_ref(c);
    if (uv_write(&wr->req, (uv_stream_t *)&c->handle, &wr->buf, 1, on_write_done) < 0) {
        client_unref(c);
        free(wr->buf.base);
        free(wr);
        client_close(c);
    }
}

void client_sendf(client_t *c, const char *fmt, ...) {
    char line[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    client_send(c, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void handle_line(client_t *c, char *line, size_t len) {
    server_t *srv = c->srv;
    command_t cmd;
    const char *err = NULL;
    int rc;

    if (proto_parse_line(line, len, &cmd, &err) != 0) {
        client_sendf(c, "-ERR %s\r\n", err);
        return;
    }
    if (cmd.type == CMD_EMPTY) return;
    srv->commands_total++;
    srv->commands_this_tick++;

    /* Every command is recorded before it is executed. */
    audit_log_record(srv->audit_path, c->id, proto_cmd_name(cmd.type), cmd.rest, cmd.rest_len);

    switch (cmd.type) {
    case CMD_ECHO:
        client_send(c, cmd.rest, cmd.rest_len);
        client_send(c, "\r\n", 2);
        break;
    case CMD_SAVE:
        rc = blob_save(c, cmd.name, cmd.rest, cmd.rest_len);
        if (rc < 0) client_sendf(c, "-ERR save %s: %s\r\n", cmd.name, uv_strerror(rc));
        break;
    case CMD_SYNC:
        rc = blob_sync(c, cmd.name);
        if (rc < 0) client_sendf(c, "-ERR sync %s: %s\r\n", cmd.name, uv_strerror(rc));
        break;
    case CMD_STATS:
        client_sendf(c, "+STATS clients=%lu commands=%lu in=%lu out=%lu\r\n", srv->active_clients,
                     srv->commands_total, srv->bytes_in, srv->bytes_out);
        break;
    case CMD_QUIT:
        client_send(c, "+BYE\r\n", 6);
        client_close(c);
        break;
    default:
        console_log("client %lu: unknown command '%s'", c->id, cmd.verb);
        client_sendf(c, "-ERR unknown command\r\n");
        break;
    }
}

static void alloc_cb(uv_handle_t *handle, size_t suggested_size, uv_buf_t *buf) {
    (void)handle;
    buf->base = malloc(suggested_size);
    buf->len = buf->base ? suggested_size : 0;
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
    client_t *c = (client_t *)stream;
    size_t start = 0, i;

    if (nread < 0) {
        if (nread != UV_EOF) console_log("client %lu: read error: %s", c->id, uv_strerror((int)nread));
        client_close(c);
        free(buf->base);
        return;
    }
    c->srv->bytes_in += (unsigned long)nread;
    if (c->inlen + (size_t)nread >= sizeof c->inbuf) {
        client_sendf(c, "-ERR line too long\r\n");
        client_close(c);
        free(buf->base);
        return;
    }
    memcpy(c->inbuf + c->inlen, buf->base, (size_t)nread);
    c->inlen += (size_t)nread;
    free(buf->base);

    /* Dispatch every complete line; keep the tail for the next read. */
    client_ref(c);
    for (i = 0; i < c->inlen && !c->closing; i++) {
        if (c->inbuf[i] != '\n') continue;
        handle_line(c, c->inbuf + start, i - start);
        start = i + 1;
    }
    if (!c->closing && start > 0) {
        memmove(c->inbuf, c->inbuf + start, c->inlen - start);
        c->inlen -= start;
    }
    client_unref(c);
}

void on_new_connection(uv_stream_t *listener, int status) {
    server_t *srv = listener->data;
    client_t *c;

    if (status < 0) {
        console_log("accept: %s", uv_strerror(status));
        return;
    }
    c = calloc(1, sizeof *c);
    if (c == NULL) return;
    c->srv = srv;
    c->id = ++srv->next_client_id;
    c->refs = 1; /* released by on_close */
    uv_tcp_init(srv->loop, &c->handle);
    srv->active_clients++;
    if (uv_accept(listener, (uv_stream_t *)&c->handle) != 0) {
        uv_close((uv_handle_t *)&c->handle, on_close);
        return;
    }
    uv_tcp_nodelay(&c->handle, 1);
    uv_read_start((uv_stream_t *)&c->handle, alloc_cb, on_read);
    client_send(c, "+READY\r\n", 8);
}
