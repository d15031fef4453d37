/* Sessions: one per connection, one command per read.
 *
 *   GET name       the file, from the cache or the folder
 *   GETA name      the same, loaded with g_file_load_contents_async (fixed twin)
 *   WARM name      loads it into the cache on a pool thread (the cache locked)
 *   WARMF name     the same, locking the cache only to insert (fixed twin)
 *   RESOLVE host   resolves a peer with the blocking resolver call
 *   RESOLVEA host  the fixed twin: g_resolver_lookup_by_name_async
 */
#include <string.h>

#include "app.h"

typedef struct {
    App *app;
    GSocketConnection *connection;
    char buf[1024];
} Session;

static void session_read_next(Session *s);

static void on_written(GObject *stream, GAsyncResult *res, gpointer user_data) {
    GBytes *bytes = user_data;
    g_output_stream_write_all_finish(G_OUTPUT_STREAM(stream), res, NULL, NULL); // OK: completes the async write
    g_bytes_unref(bytes);
}

static void session_reply(Session *s, GBytes *bytes) {
    GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(s->connection));
    gsize size;
    const void *data = g_bytes_get_data(bytes, &size);
    g_output_stream_write_all_async(out, data, size, G_PRIORITY_DEFAULT, NULL, on_written, bytes); // OK: async
}

static void session_reply_text(Session *s, const char *text) {
    session_reply(s, g_bytes_new(text, strlen(text)));
}

static void on_loaded(GObject *file, GAsyncResult *res, gpointer user_data) {
    Session *s = user_data;
    char *contents;
    gsize length;
    if (g_file_load_contents_finish(G_FILE(file), res, &contents, &length, NULL, NULL))
        session_reply(s, g_bytes_new_take(contents, length));
    else
        session_reply_text(s, "-MISS\r\n");
}

static void on_resolved(GObject *resolver, GAsyncResult *res, gpointer user_data) {
    Session *s = user_data;
    GList *addrs = g_resolver_lookup_by_name_finish(G_RESOLVER(resolver), res, NULL);
    session_reply_text(s, addrs ? "+RESOLVED\r\n" : "-ERR unknown host\r\n");
    g_resolver_free_addresses(addrs);
}

static void handle_command(Session *s, char *line) {
    App *app = s->app;
    char *arg = strchr(line, ' ');
    if (arg)
        *arg++ = '\0';
    app->requests++;
    if (g_str_equal(line, "GET") && arg) {
        GBytes *bytes = cache_get(app, arg);
        if (bytes)
            session_reply(s, bytes);
        else
            session_reply_text(s, "-MISS\r\n");
    } else if (g_str_equal(line, "GETA") && arg && !strchr(arg, '/')) {
        char *path = g_build_filename(app->root, arg, NULL);
        GFile *file = g_file_new_for_path(path);
        g_file_load_contents_async(file, NULL, on_loaded, s); // OK: the callback runs on the loop
        g_object_unref(file);
        g_free(path);
    } else if (g_str_equal(line, "WARM") && arg) {
        cache_warm(app, arg);
        session_reply_text(s, "+QUEUED\r\n");
    } else if (g_str_equal(line, "WARMF") && arg) {
        cache_warm_fixed(app, arg);
        session_reply_text(s, "+QUEUED\r\n");
    } else if (g_str_equal(line, "RESOLVE") && arg) {
        GList *addrs = g_resolver_lookup_by_name(app->resolver, arg, NULL, NULL); // BLOCKING: dns
        session_reply_text(s, addrs ? "+RESOLVED\r\n" : "-ERR unknown host\r\n");
        g_resolver_free_addresses(addrs);
    } else if (g_str_equal(line, "RESOLVEA") && arg) {
        g_resolver_lookup_by_name_async(app->resolver, arg, NULL, on_resolved, s); // OK: async twin
    } else {
        session_reply_text(s, "-ERR unknown command\r\n");
    }
}

static void on_read(GObject *stream, GAsyncResult *res, gpointer user_data) {
    Session *s = user_data;
    gssize n = g_input_stream_read_finish(G_INPUT_STREAM(stream), res, NULL);
    if (n <= 0) {
        g_io_stream_close(G_IO_STREAM(s->connection), NULL, NULL);
        g_object_unref(s->connection);
        g_free(s);
        return;
    }
    s->buf[n] = '\0';
    g_strchomp(s->buf);
    handle_command(s, s->buf);
    session_read_next(s);
}

static void session_read_next(Session *s) {
    GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(s->connection));
    g_input_stream_read_async(in, s->buf, sizeof s->buf - 1, G_PRIORITY_DEFAULT, NULL, on_read, s);
}

gboolean on_incoming(GSocketService *service, GSocketConnection *connection, GObject *source, gpointer user_data) {
    (void)service; (void)source;
    App *app = user_data;
    /* Logs who connected, by name: a reverse lookup on every accept. */
    GSocketAddress *peer = g_socket_connection_get_remote_address(connection, NULL);
    if (G_IS_INET_SOCKET_ADDRESS(peer)) {
        GInetAddress *addr = g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(peer));
        char *name = g_resolver_lookup_by_address(app->resolver, addr, NULL, NULL); // BLOCKING: dns
        g_message("connection from %s", name ? name : "?");
        g_free(name);
    }
    g_clear_object(&peer);
    Session *s = g_new0(Session, 1);
    s->app = app;
    s->connection = g_object_ref(connection);
    session_read_next(s);
    return TRUE;
}
