/* uvsrv: a small libuv TCP server that stores named blobs.
 *
 * usage: uv_server [port] [data-dir] [audit-file]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "audit_log.h"
#include "server.h"

/* Once per second: report counters and shed load if the last second was too busy. */
static void on_stats_tick(uv_timer_t *timer) {
    server_t *srv = timer->data;
    unsigned long seen = srv->commands_this_tick;

    srv->commands_this_tick = 0;
    if (seen > 0)
        console_log("tick: clients=%lu commands/s=%lu total=%lu", srv->active_clients, seen,
                    srv->commands_total);
    if (srv->max_commands_per_tick > 0 && seen > srv->max_commands_per_tick) {
        console_log("overloaded (%lu > %lu), backing off %uus", seen, srv->max_commands_per_tick,
                    srv->overload_backoff_us);
        usleep(srv->overload_backoff_us); // BLOCKING: sleep
    }
}

static void on_sigint(uv_signal_t *handle, int signum) {
    server_t *srv = handle->data;
    console_log("signal %d, stopping", signum);
    uv_timer_stop(&srv->stats_timer);
    uv_stop(srv->loop);
}

/* Close whatever is still open after uv_stop(); client handles get their own close callback. */
static void close_walk_cb(uv_handle_t *handle, void *arg) {
    server_t *srv = arg;
    if (uv_is_closing(handle)) return;
    if (handle->type == UV_TCP && handle != (uv_handle_t *)&srv->listener)
        client_close((client_t *)handle);
    else
        uv_close(handle, NULL);
}

int main(int argc, char **argv) {
    static server_t srv;
    struct sockaddr_in addr;
    uv_fs_t mkdir_req;
    int port = argc > 1 ? atoi(argv[1]) : 7500;
    int rc;

    srv.loop = uv_default_loop();
    srv.data_dir = argc > 2 ? argv[2] : "blobs";
    srv.audit_path = argc > 3 ? argv[3] : "uvsrv-audit.log";
    srv.max_commands_per_tick = 5000;
    srv.overload_backoff_us = 20000;
    srv.sync_settle_us = 2000;

    /* Synchronous uv_fs call, but before uv_run(): nothing is waiting on the loop yet. */
    rc = uv_fs_mkdir(srv.loop, &mkdir_req, srv.data_dir, 0755, NULL); // OK: startup, before uv_run()
    uv_fs_req_cleanup(&mkdir_req);
    if (rc < 0 && rc != UV_EEXIST) {
        fprintf(stderr, "mkdir %s: %s\n", srv.data_dir, uv_strerror(rc));
        return 1;
    }

    uv_tcp_init(srv.loop, &srv.listener);
    srv.listener.data = &srv;
    uv_ip4_addr("0.0.0.0", port, &addr);
    if ((rc = uv_tcp_bind(&srv.listener, (const struct sockaddr *)&addr, 0)) != 0 ||
        (rc = uv_listen((uv_stream_t *)&srv.listener, 128, on_new_connection)) != 0) {
        fprintf(stderr, "listen on %d: %s\n", port, uv_strerror(rc));
        return 1;
    }

    uv_timer_init(srv.loop, &srv.stats_timer);
    srv.stats_timer.data = &srv;
    uv_timer_start(&srv.stats_timer, on_stats_tick, 1000, 1000);

    uv_signal_init(srv.loop, &srv.sigint);
    srv.sigint.data = &srv;
    uv_signal_start(&srv.sigint, on_sigint, SIGINT);

    console_log("listening on port %d, blobs in %s", port, srv.data_dir);
    rc = uv_run(srv.loop, UV_RUN_DEFAULT);

    uv_walk(srv.loop, close_walk_cb, &srv);
    uv_run(srv.loop, UV_RUN_DEFAULT);
    uv_loop_close(srv.loop);
    return rc;
}
