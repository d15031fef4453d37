#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/wait.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "app.h"
#include "resolver.h"

static void send_text(struct evhttp_request *req, int code, const char *reason, const char *text) {
    struct evbuffer *body = evbuffer_new();
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "text/plain; charset=utf-8");
    evbuffer_add(body, text, strlen(text)); // OK: in-memory evbuffer append
    evbuffer_add(body, "\n", 1);
    evhttp_send_reply(req, code, reason, body);
    evbuffer_free(body);
}

static const char *content_type_for(const char *path) {
    const char *dot = strrchr(path, '.');
    if (dot == NULL) return "application/octet-stream";
    if (strcmp(dot, ".html") == 0) return "text/html; charset=utf-8";
    if (strcmp(dot, ".css") == 0) return "text/css";
    if (strcmp(dot, ".js") == 0) return "application/javascript";
    if (strcmp(dot, ".json") == 0) return "application/json";
    if (strcmp(dot, ".png") == 0) return "image/png";
    if (strcmp(dot, ".txt") == 0) return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

/* GET /lookup?host=name */
static void handle_lookup(struct evhttp_request *req, void *arg) {
    app_t *app = arg;
    struct evkeyvalq params;
    const char *query = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
    const char *host, *err = NULL;
    resolved_t result;
    struct evbuffer *body;
    int i;

    app->requests++;
    TAILQ_INIT(&params);
    if (query == NULL || evhttp_parse_query_str(query, &params) != 0 ||
        (host = evhttp_find_header(&params, "host")) == NULL || !resolver_valid_hostname(host)) {
        evhttp_clear_headers(&params);
        send_text(req, HTTP_BADREQUEST, "Bad Request", "usage: /lookup?host=<name>");
        return;
    }

    app->lookups++;
    if (resolver_lookup(host, &result, &err) != 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "lookup %s failed: %s", host, err);
        evhttp_clear_headers(&params);
        app->errors++;
        send_text(req, 502, "Bad Gateway", msg);
        return;
    }

    body = evbuffer_new();
    evbuffer_add_printf(body, "{\"host\":\"%s\",\"canonical\":\"%s\",\"addresses\":[", host, result.canonical);
    for (i = 0; i < result.count; i++)
        evbuffer_add_printf(body, "%s\"%s\"", i ? "," : "", result.addrs[i]);
    evbuffer_add_printf(body, "]}\n");
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json");
    evhttp_send_reply(req, HTTP_OK, "OK", body);
    evbuffer_free(body);
    evhttp_clear_headers(&params);
}

/* POST /admin/rotate: runs the configured log rotation command. */
static void handle_rotate(struct evhttp_request *req, void *arg) {
    app_t *app = arg;
    char msg[128];
    int status;

    app->requests++;
    if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
        send_text(req, 405, "Method Not Allowed", "POST only");
        return;
    }
    if (!app->cfg.allow_admin) {
        send_text(req, 403, "Forbidden", "admin endpoints disabled");
        return;
    }
    status = system(app->cfg.rotate_command); // BLOCKING: process
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        app->errors++;
        snprintf(msg, sizeof msg, "rotate failed (status %d)", status);
        send_text(req, HTTP_INTERNAL, "Internal Server Error", msg);
        return;
    }
    send_text(req, HTTP_OK, "OK", "rotated");
}

/* GET /metrics */
static void handle_metrics(struct evhttp_request *req, void *arg) {
    app_t *app = arg;
    struct evbuffer *body = evbuffer_new();

    app->requests++;
    evbuffer_add_printf(body, "requests %lu\nlookups %lu\nstatic_hits %lu\nerrors %lu\n", // OK: in-memory evbuffer append
                        app->requests, app->lookups, app->static_hits, app->errors);
    evbuffer_add_printf(body, "side_connections %lu\nside_lines %lu\n", app->side_connections,
                        app->side_lines);
    evhttp_send_reply(req, HTTP_OK, "OK", body);
    evbuffer_free(body);
}

/* Everything else: files under cfg.static_root, read into memory and sent. */
static void handle_static(struct evhttp_request *req, void *arg) {
    app_t *app = arg;
    const char *path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(req));
    char *decoded = NULL;
    char full[512];
    char chunk[8192];
    struct evbuffer *body;
    size_t n, total = 0;
    FILE *fp;

    app->requests++;
    if (evhttp_request_get_command(req) != EVHTTP_REQ_GET || path == NULL) {
        send_text(req, 405, "Method Not Allowed", "GET only");
        return;
    }
    decoded = evhttp_uridecode(path, 0, NULL);
    if (decoded == NULL || strstr(decoded, "..") != NULL || decoded[0] != '/') {
        free(decoded);
        send_text(req, HTTP_BADREQUEST, "Bad Request", "bad path");
        return;
    }
    snprintf(full, sizeof full, "%s%s", app->cfg.static_root,
             strcmp(decoded, "/") == 0 ? "/index.html" : decoded);
    free(decoded);

    fp = fopen(full, "rb"); // BLOCKING: file
    if (fp == NULL) {
        send_text(req, errno == ENOENT ? HTTP_NOTFOUND : HTTP_INTERNAL, "Error", strerror(errno));
        return;
    }
    body = evbuffer_new();
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) { // BLOCKING: file
        total += n;
        if (total > app->cfg.max_static_bytes) break;
        evbuffer_add(body, chunk, n); // OK: in-memory evbuffer append
    }
    fclose(fp); // BLOCKING: file

    if (total > app->cfg.max_static_bytes) {
        evbuffer_free(body);
        send_text(req, 413, "Payload Too Large", "file too large");
        return;
    }
    app->static_hits++;
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", content_type_for(full));
    evhttp_send_reply(req, HTTP_OK, "OK", body);
    evbuffer_free(body);
}

void handlers_register(app_t *app) {
    evhttp_set_cb(app->http, "/lookup", handle_lookup, app);
    evhttp_set_cb(app->http, "/admin/rotate", handle_rotate, app);
    evhttp_set_cb(app->http, "/metrics", handle_metrics, app);
    evhttp_set_gencb(app->http, handle_static, app);
}
