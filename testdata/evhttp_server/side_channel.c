/* Line-based TCP side channel built on evconnlistener + bufferevent.
 *   PING            -> PONG
 *   RESOLVE <host>  -> addresses
 *   STATS           -> counters
 *   QUIT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "app.h"
#include "resolver.h"

static void side_event_cb(struct bufferevent *bev, short events, void *arg) {
    (void)arg;
    if (events & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) bufferevent_free(bev);
}

/* Installed after QUIT: free the connection once the output buffer has drained. */
static void side_drained_cb(struct bufferevent *bev, void *arg) {
    (void)arg;
    if (evbuffer_get_length(bufferevent_get_output(bev)) == 0) bufferevent_free(bev);
}

static void reply_resolve(struct bufferevent *bev, const char *host) {
    struct evbuffer *out = bufferevent_get_output(bev);
    resolved_t result;
    const char *err = NULL;
    int i;

    if (!resolver_valid_hostname(host)) {
        evbuffer_add_printf(out, "ERR bad host\r\n");
        return;
    }
    if (resolver_lookup(host, &result, &err) != 0) {
        evbuffer_add_printf(out, "ERR %s\r\n", err);
        return;
    }
    evbuffer_add_printf(out, "OK %d", result.count);
    for (i = 0; i < result.count; i++) evbuffer_add_printf(out, " %s", result.addrs[i]);
    evbuffer_add(out, "\r\n", 2); // OK: in-memory evbuffer append
}

static void side_read_cb(struct bufferevent *bev, void *arg) {
    app_t *app = arg;
    struct evbuffer *in = bufferevent_get_input(bev);
    size_t len;
    char *line;

    while ((line = evbuffer_readln(in, &len, EVBUFFER_EOL_CRLF)) != NULL) {
        app->side_lines++;
        if (strcmp(line, "PING") == 0) {
            bufferevent_write(bev, "PONG\r\n", 6); // OK: queued on the bufferevent, written asynchronously
        } else if (strncmp(line, "RESOLVE ", 8) == 0) {
            app->lookups++;
            reply_resolve(bev, line + 8);
        } else if (strcmp(line, "STATS") == 0) {
            evbuffer_add_printf(bufferevent_get_output(bev), "OK requests=%lu side_lines=%lu\r\n",
                                app->requests, app->side_lines);
        } else if (strcmp(line, "QUIT") == 0) {
            free(line);
            bufferevent_write(bev, "BYE\r\n", 5); // OK: queued on the bufferevent, written asynchronously
            bufferevent_disable(bev, EV_READ);
            bufferevent_setcb(bev, NULL, side_drained_cb, side_event_cb, app);
            return;
        } else {
            bufferevent_write(bev, "ERR unknown\r\n", 13);
        }
        free(line);
    }
    if (evbuffer_get_length(in) > 4096) {
        bufferevent_write(bev, "ERR line too long\r\n", 19);
        bufferevent_disable(bev, EV_READ);
        bufferevent_setcb(bev, NULL, side_drained_cb, side_event_cb, app);
    }
}

static void side_accept_cb(struct evconnlistener *listener, evutil_socket_t fd,
                           struct sockaddr *addr, int socklen, void *arg) {
    app_t *app = arg;
    struct event_base *base = evconnlistener_get_base(listener);
    struct bufferevent *bev;
    (void)addr;
    (void)socklen;

    bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
    if (bev == NULL) {
        evutil_closesocket(fd);
        return;
    }
    app->side_connections++;
    bufferevent_setcb(bev, side_read_cb, NULL, side_event_cb, app);
    bufferevent_setwatermark(bev, EV_READ, 0, 64 * 1024);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    bufferevent_write(bev, "READY\r\n", 7);
}

static void side_error_cb(struct evconnlistener *listener, void *arg) {
    (void)arg;
    fprintf(stderr, "side channel: accept error: %s\n",
            evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
    evconnlistener_disable(listener);
}

int side_channel_start(app_t *app) {
    struct sockaddr_in sin;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)app->cfg.side_port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    app->side_listener = evconnlistener_new_bind(app->base, side_accept_cb, app,
                                                 LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, -1,
                                                 (struct sockaddr *)&sin, sizeof sin);
    if (app->side_listener == NULL) return -1;
    evconnlistener_set_error_cb(app->side_listener, side_error_cb);
    return 0;
}

void side_channel_stop(app_t *app) {
    if (app->side_listener) evconnlistener_free(app->side_listener);
    app->side_listener = NULL;
}
