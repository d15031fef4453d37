/* GObject signal handlers with Debian's real headers: a handler connected
 * with g_signal_connect (a macro for g_signal_connect_data, the handler cast
 * with G_CALLBACK), g_signal_connect_after, _swapped or
 * g_signal_connect_object runs where the signal is emitted, which for GIO's
 * objects (a GSocketService's "incoming", a GCancellable's "cancelled") is
 * the main context of the thread that started them: the main loop. Found by
 * testdata/glib_server, whose accept handler was invisible before.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
 * RUN:   %gio-cflags \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <gio/gio.h>

static GResolver *Resolver;

static gboolean testIncomingResolvesPeerName(GSocketService *Service, GSocketConnection *Connection,
                                             GObject *Source, gpointer Data) {
  (void)Service; (void)Source; (void)Data;
  GSocketAddress *Peer = g_socket_connection_get_remote_address(Connection, NULL);
  GInetAddress *Addr = g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(Peer));
  gchar *Name = g_resolver_lookup_by_address(Resolver, Addr, NULL, NULL);
/* CHECK: glib-signals.c:[[@LINE-1]]:17: warning: blocking call to 'g_resolver_lookup_by_address' on the event loop
 * CHECK-NEXT: glib-signals.c:{{[0-9]+:[0-9]+}}: note: 'testIncomingResolvesPeerName' passed to 'g_signal_connect_data' runs on the event loop
 */
  g_free(Name);
  g_object_unref(Peer);
  return TRUE;
}

static void testAfterHandlerSleeps(GCancellable *Cancellable, gpointer Data) {
  (void)Cancellable; (void)Data;
  g_usleep(1000);
/* CHECK: glib-signals.c:[[@LINE-1]]:3: warning: blocking call to 'g_usleep' on the event loop
 * CHECK-NEXT: glib-signals.c:{{[0-9]+:[0-9]+}}: note: 'testAfterHandlerSleeps' passed to 'g_signal_connect_data' runs on the event loop
 */
}

static void testObjectHandlerWritesFile(GCancellable *Cancellable, gpointer Data) {
  (void)Cancellable; (void)Data;
  g_file_set_contents("/var/lib/app/cancelled", "1", 1, NULL);
/* CHECK: glib-signals.c:[[@LINE-1]]:3: warning: blocking call to 'g_file_set_contents' on the event loop
 * CHECK-NEXT: glib-signals.c:{{[0-9]+:[0-9]+}}: note: 'testObjectHandlerWritesFile' passed to 'g_signal_connect_object' runs on the event loop
 */
}

static gpointer testLookupThreadMayBlock(gpointer Data) {
  GInetAddress *Addr = Data;
  g_free(g_resolver_lookup_by_address(Resolver, Addr, NULL, NULL)); /* no-warning: a thread of its own */
  return NULL;
}

static gboolean testIncomingHandsLookupToThread(GSocketService *Service, GSocketConnection *Connection,
                                                GObject *Source, gpointer Data) {
  (void)Service; (void)Source; (void)Data;
  GSocketAddress *Peer = g_socket_connection_get_remote_address(Connection, NULL);
  GInetAddress *Addr = g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(Peer));
  g_thread_unref(g_thread_new("lookup", testLookupThreadMayBlock, g_object_ref(Addr))); /* no-warning */
  g_object_unref(Peer);
  return TRUE;
}

static void testHandlerNeverConnected(GCancellable *Cancellable, gpointer Data) {
  (void)Cancellable; (void)Data;
  g_usleep(1000); /* no-warning: referenced by no registration */
}

int main(void) {
  Resolver = g_resolver_get_default();
  GSocketService *Service = g_socket_service_new();
  GSocketService *Fixed = g_socket_service_new();
  GCancellable *Cancellable = g_cancellable_new();
  g_signal_connect(Service, "incoming", G_CALLBACK(testIncomingResolvesPeerName), NULL);
  g_signal_connect(Fixed, "incoming", G_CALLBACK(testIncomingHandsLookupToThread), NULL);
  g_signal_connect_after(Cancellable, "cancelled", G_CALLBACK(testAfterHandlerSleeps), NULL);
  g_signal_connect_object(Cancellable, "cancelled", G_CALLBACK(testObjectHandlerWritesFile), Service, 0);
  void (*Unused)(GCancellable *, gpointer) = testHandlerNeverConnected;
  (void)Unused;
  GMainLoop *Loop = g_main_loop_new(NULL, FALSE);
  g_main_loop_run(Loop);
  return 0;
}
/* CHECK: stallscan: 3 findings in 1 file (1 translation units)
 * CHECK: exit-code: 1
 */
