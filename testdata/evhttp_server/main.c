/* evsrv: libevent HTTP server (lookup, static files, admin) plus a TCP side channel.
 *
 * usage: evhttp_server [config-file]
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <event2/event.h>
#include <event2/http.h>

#include "app.h"

static void on_signal(evutil_socket_t sig, short events, void *arg) {
    struct event_base *base = arg;
    struct timeval grace = {1, 0};
    (void)events;
    fprintf(stderr, "signal %d: exiting in 1s\n", (int)sig);
    event_base_loopexit(base, &grace);
}

int main(int argc, char **argv) {
    static app_t app;
    const char *config_path = argc > 1 ? argv[1] : "evsrv.conf";
    struct evhttp_bound_socket *bound;
    struct event *sigint_ev, *sigterm_ev;
    int rc;

    config_defaults(&app.cfg);
    if (config_load(config_path, &app.cfg) != 0) {
        fprintf(stderr, "refusing to start with a broken config\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);

    app.base = event_base_new();
    app.http = app.base ? evhttp_new(app.base) : NULL;
    if (app.http == NULL) {
        fprintf(stderr, "libevent initialisation failed\n");
        return 1;
    }
    evhttp_set_timeout(app.http, 30);
    evhttp_set_allowed_methods(app.http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD);
    handlers_register(&app);

    bound = evhttp_bind_socket_with_handle(app.http, app.cfg.http_address, (ev_uint16_t)app.cfg.http_port);
    if (bound == NULL) {
        fprintf(stderr, "cannot bind %s:%d\n", app.cfg.http_address, app.cfg.http_port);
        return 1;
    }
    if (side_channel_start(&app) != 0) {
        fprintf(stderr, "cannot start side channel on port %d\n", app.cfg.side_port);
        return 1;
    }

    sigint_ev = evsignal_new(app.base, SIGINT, on_signal, app.base);
    sigterm_ev = evsignal_new(app.base, SIGTERM, on_signal, app.base);
    event_add(sigint_ev, NULL);
    event_add(sigterm_ev, NULL);

    fprintf(stderr, "evsrv: http on %s:%d, side channel on 127.0.0.1:%d\n", app.cfg.http_address,
            app.cfg.http_port, app.cfg.side_port);
    rc = event_base_dispatch(app.base);

    event_free(sigint_ev);
    event_free(sigterm_ev);
    side_channel_stop(&app);
    evhttp_free(app.http);
    event_base_free(app.base);
    return rc < 0 ? 1 : 0;
}
