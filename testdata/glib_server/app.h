/* glib_server: a file-serving line server on GLib's main loop and GIO. */
#ifndef GLIB_SERVER_APP_H
#define GLIB_SERVER_APP_H

#include <gio/gio.h>

typedef struct {
    GMainLoop *loop;
    GSocketService *service;
    GResolver *resolver;
    GThreadPool *warmers;
    char *root;
    GMutex cache_lock;
    GHashTable *cache; /* path -> GBytes */
    guint requests;
} App;

/* session.c */
gboolean on_incoming(GSocketService *service, GSocketConnection *connection, GObject *source, gpointer user_data);

/* cache.c */
void cache_init(App *app);
GBytes *cache_get(App *app, const char *name);
void cache_warm(App *app, const char *name);
void cache_warm_fixed(App *app, const char *name);
gboolean cache_save_index(gpointer user_data);

#endif
