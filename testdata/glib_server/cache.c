/* The file cache: a hash table under a GMutex, shared by the loop (GET) and
 * the warming pool. */
#include <string.h>

#include "app.h"

static GBytes *read_file(App *app, const char *name) {
    if (strchr(name, '/'))
        return NULL;
    char *path = g_build_filename(app->root, name, NULL);
    char *contents = NULL;
    gsize length = 0;
    gboolean ok = g_file_get_contents(path, &contents, &length, NULL); // BLOCKING: file
    g_free(path);
    return ok ? g_bytes_new_take(contents, length) : NULL;
}

GBytes *cache_get(App *app, const char *name) {
    g_mutex_lock(&app->cache_lock);
    GBytes *bytes = g_hash_table_lookup(app->cache, name);
    if (bytes)
        g_bytes_ref(bytes);
    g_mutex_unlock(&app->cache_lock);
    if (!bytes) {
        bytes = read_file(app, name);
        if (bytes) {
            g_mutex_lock(&app->cache_lock);
            g_hash_table_replace(app->cache, g_strdup(name), g_bytes_ref(bytes));
            g_mutex_unlock(&app->cache_lock);
        }
    }
    return bytes;
}

/* A pool thread: loads the file with the cache locked, so a GET on the loop
 * waits for the disk too. */
static void warm_one(gpointer data, gpointer user_data) {
    App *app = user_data;
    char *name = data;
    g_mutex_lock(&app->cache_lock);
    if (!g_hash_table_contains(app->cache, name)) {
        char *path = g_build_filename(app->root, name, NULL);
        char *contents;
        gsize length;
        if (!strchr(name, '/') && g_file_get_contents(path, &contents, &length, NULL)) // LOCK-BLOCKING: file
            g_hash_table_replace(app->cache, g_strdup(name), g_bytes_new_take(contents, length));
        g_free(path);
    }
    g_mutex_unlock(&app->cache_lock);
    g_free(name);
}

/* The fixed twin: reads first, locks only to insert. */
static void warm_one_fixed(gpointer data, gpointer user_data) {
    App *app = user_data;
    char *name = data;
    GBytes *bytes = read_file(app, name); // OK: a pool thread, no lock held
    if (bytes) {
        g_mutex_lock(&app->cache_lock);
        g_hash_table_replace(app->cache, g_strdup(name), bytes);
        g_mutex_unlock(&app->cache_lock);
    }
    g_free(name);
}

void cache_warm(App *app, const char *name) {
    g_thread_pool_push(app->warmers, g_strdup(name), NULL);
}

static GThreadPool *fixed_warmers;

void cache_warm_fixed(App *app, const char *name) {
    g_thread_pool_push(fixed_warmers, g_strdup(name), NULL);
}

/* Runs on the loop once a minute: writes the index of cached names. */
gboolean cache_save_index(gpointer user_data) {
    App *app = user_data;
    GString *index = g_string_new(NULL);
    g_mutex_lock(&app->cache_lock);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, app->cache);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_string_append_printf(index, "%s\n", (const char *)key);
    g_mutex_unlock(&app->cache_lock);
    char *path = g_build_filename(app->root, ".index", NULL);
    g_file_set_contents(path, index->str, (gssize)index->len, NULL); // BLOCKING: file
    g_free(path);
    g_string_free(index, TRUE);
    return G_SOURCE_CONTINUE;
}

void cache_init(App *app) {
    g_mutex_init(&app->cache_lock);
    app->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
    app->warmers = g_thread_pool_new(warm_one, app, 2, FALSE, NULL);
    fixed_warmers = g_thread_pool_new(warm_one_fixed, app, 2, FALSE, NULL);
}
