/* glib_server: serves files from a folder to line clients on GLib's main
 * loop. A GSocketService accepts, GIO's async reads drive each session, a
 * timeout saves the cache index, a GThreadPool warms the cache. */
#include <stdio.h>

#include "app.h"

int main(int argc, char **argv) {
    static App app;
    app.root = g_strdup(argc > 1 ? argv[1] : "/srv/glib_server");
    guint16 port = argc > 2 ? (guint16)g_ascii_strtoull(argv[2], NULL, 10) : 7400;
    cache_init(&app);

    GError *error = NULL;
    app.loop = g_main_loop_new(NULL, FALSE);
    app.resolver = g_resolver_get_default();
    app.service = g_socket_service_new();
    if (!g_socket_listener_add_inet_port(G_SOCKET_LISTENER(app.service), port, NULL, &error)) {
        fprintf(stderr, "listen: %s\n", error->message); // OK: console output to stderr
        return 1;
    }
    g_signal_connect(app.service, "incoming", G_CALLBACK(on_incoming), &app);
    g_timeout_add_seconds(60, cache_save_index, &app);
    g_socket_service_start(app.service);

    g_main_loop_run(app.loop);
    g_thread_pool_free(app.warmers, TRUE, TRUE);
    return 0;
}
