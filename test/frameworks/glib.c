/* GLib's main loop and GIO with Debian's real headers
 * (checks/catalog/frameworks/glib.json): g_idle_add, g_timeout_add,
 * g_io_add_watch callbacks and GIO's async-ready callbacks run on the
 * main loop; sync GIO calls there block it. g_thread_new and
 * g_task_run_in_thread run their functions on worker threads.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
 * RUN:   %gio-cflags \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <gio/gio.h>
#include <glib.h>

static GMainLoop *Loop;

static gboolean testIdleLoadsFileSync(gpointer Data) {
  (void)Data;
  gchar *Text = NULL;
  g_file_get_contents("/etc/app.conf", &Text, NULL, NULL);
// CHECK: glib.c:[[@LINE-1]]:3: warning: blocking call to 'g_file_get_contents' on the event loop
// CHECK-NEXT: glib.c:{{[0-9]+:[0-9]+}}: note: 'testIdleLoadsFileSync' passed to 'g_idle_add' runs on the event loop
  g_free(Text);
  return G_SOURCE_REMOVE;
}

static void testReadyCallbackFinishesQuietly(GObject *Source, GAsyncResult *Res,
                                             gpointer Data) {
  (void)Data;
  gchar *Text = NULL;
  gsize Len = 0;
  g_file_load_contents_finish(G_FILE(Source), Res, &Text, &Len, NULL, NULL); /* no-warning */
  g_free(Text);
}

static gboolean testTimeoutUsesAsyncTwin(gpointer Data) {
  GFile *F = G_FILE(Data);
  g_file_load_contents_async(F, NULL, testReadyCallbackFinishesQuietly, NULL); /* no-warning */
  return G_SOURCE_CONTINUE;
}

static gboolean testWatchSleeps(GIOChannel *Ch, GIOCondition Cond,
                                gpointer Data) {
  (void)Ch; (void)Cond; (void)Data;
  g_usleep(1000);
// CHECK: glib.c:[[@LINE-1]]:3: warning: blocking call to 'g_usleep' on the event loop
// CHECK-NEXT: glib.c:{{[0-9]+:[0-9]+}}: note: 'testWatchSleeps' passed to 'g_io_add_watch' runs on the event loop
  g_main_context_iteration(NULL, FALSE); /* no-warning: does not wait */
  g_main_context_iteration(NULL, TRUE);
// CHECK: glib.c:[[@LINE-1]]:3: warning: blocking call to 'g_main_context_iteration' on the event loop
// CHECK-NEXT: glib.c:{{[0-9]+:[0-9]+}}: note: 'testWatchSleeps' passed to 'g_io_add_watch' runs on the event loop
  return G_SOURCE_CONTINUE;
}

static gpointer testThreadMayBlock(gpointer Data) {
  (void)Data;
  g_usleep(1000); /* no-warning: a thread of its own */
  return NULL;
}

static void testTaskRunsInThread(GTask *Task, gpointer Source, gpointer Data,
                                 GCancellable *Cancel) {
  (void)Source; (void)Data; (void)Cancel;
  gchar *Text = NULL;
  g_file_get_contents("/var/lib/app/db", &Text, NULL, NULL); /* no-warning: GLib's worker pool */
  g_task_return_pointer(Task, Text, g_free);
}

static void testTaskDone(GObject *Source, GAsyncResult *Res, gpointer Data) {
  (void)Source; (void)Data;
  g_free(g_task_propagate_pointer(G_TASK(Res), NULL)); /* no-warning */
}

static gboolean testTimeoutOffloadsToTask(gpointer Data) {
  (void)Data;
  GTask *Task = g_task_new(NULL, NULL, testTaskDone, NULL);
  g_task_run_in_thread(Task, testTaskRunsInThread);
  g_object_unref(Task);
  return G_SOURCE_REMOVE;
}

int main(void) {
  Loop = g_main_loop_new(NULL, FALSE);
  g_idle_add(testIdleLoadsFileSync, NULL);
  g_timeout_add(100, testTimeoutUsesAsyncTwin, g_file_new_for_path("/etc/hosts"));
  g_timeout_add_seconds(1, testTimeoutOffloadsToTask, NULL);
  GIOChannel *Ch = g_io_channel_unix_new(0);
  g_io_add_watch(Ch, G_IO_IN, testWatchSleeps, NULL);
  g_thread_unref(g_thread_new("worker", testThreadMayBlock, NULL));
  g_main_loop_run(Loop);
  return 0;
}
// CHECK: stallscan: 3 findings in 1 file (1 translation units)
// CHECK-NEXT: architecture: asynchronous: requests are served by event loops (5 handlers,
// CHECK: evidence: 'g_main_loop_run' runs an event loop
// CHECK-NEXT: evidence: 5 glib handlers registered on an event loop
// CHECK: exit-code: 1
