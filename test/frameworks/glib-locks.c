/* GLib's locks with Debian's real headers (the "locks" of
 * checks/catalog/frameworks/glib.json): GMutex, GRecMutex and GRWLock are
 * taken and given up like pthread mutexes, g_mutex_trylock is a try-lock
 * (TRUE on success), and g_cond_wait / g_cond_wait_until release the mutex
 * they are given while they wait (and block, like pthread_cond_wait).
 * Found by testdata/glib_server, whose pool thread read a file holding the
 * cache's GMutex: before, GLib's locks were not known at all.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 \
 * RUN:   %gio-cflags \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <glib.h>

static GMutex CacheLock;
static GMutex QueueLock;
static GRecMutex TreeLock;
static GRWLock IndexLock;
static GCond QueueReady;
static gboolean Ready;

void testMutexHeldAcrossSleep(void) {
  g_mutex_lock(&CacheLock);
  g_usleep(1000);
/* CHECK: glib-locks.c:[[@LINE-1]]:3: warning: blocking call to 'g_usleep' while lock 'CacheLock' is held
 * CHECK-NEXT: glib-locks.c:[[@LINE-3]]:3: note: lock 'CacheLock' acquired here
 */
  g_mutex_unlock(&CacheLock);
}

void testMutexReleasedBeforeFileRead(void) {
  g_mutex_lock(&CacheLock);
  Ready = FALSE;
  g_mutex_unlock(&CacheLock);
  gchar *Text = NULL;
  g_file_get_contents("/etc/app.conf", &Text, NULL, NULL); /* no-warning: unlocked first */
  g_free(Text);
}

void testTryLockHeldAcrossFileRead(void) {
  if (!g_mutex_trylock(&CacheLock))
    return;
  gchar *Text = NULL;
  g_file_get_contents("/etc/app.conf", &Text, NULL, NULL);
/* CHECK: glib-locks.c:[[@LINE-1]]:3: warning: blocking call to 'g_file_get_contents' while lock 'CacheLock' is held
 * CHECK-NEXT: glib-locks.c:[[@LINE-5]]:8: note: lock 'CacheLock' acquired here
 */
  g_mutex_unlock(&CacheLock);
  g_free(Text);
}

void testTryLockFailedBranchIsUnlocked(void) {
  if (g_mutex_trylock(&CacheLock)) {
    Ready = TRUE;
    g_mutex_unlock(&CacheLock);
    return;
  }
  g_usleep(1000); /* no-warning: the try failed, nothing is held */
}

void testRecMutexHeldAcrossWrite(const gchar *Data) {
  g_rec_mutex_lock(&TreeLock);
  g_file_set_contents("/var/lib/app/tree", Data, -1, NULL);
/* CHECK: glib-locks.c:[[@LINE-1]]:3: warning: blocking call to 'g_file_set_contents' while lock 'TreeLock' is held
 * CHECK-NEXT: glib-locks.c:[[@LINE-3]]:3: note: lock 'TreeLock' acquired here
 */
  g_rec_mutex_unlock(&TreeLock);
}

void testWriterLockHeldAcrossSleep(void) {
  g_rw_lock_writer_lock(&IndexLock);
  g_usleep(1000);
/* CHECK: glib-locks.c:[[@LINE-1]]:3: warning: blocking call to 'g_usleep' while lock 'IndexLock' is held
 * CHECK-NEXT: glib-locks.c:[[@LINE-3]]:3: note: lock 'IndexLock' acquired here
 */
  g_rw_lock_writer_unlock(&IndexLock);
}

void testReaderLockReleasedBeforeSleep(void) {
  g_rw_lock_reader_lock(&IndexLock);
  Ready = !Ready;
  g_rw_lock_reader_unlock(&IndexLock);
  g_usleep(1000); /* no-warning: unlocked first */
}

void testCondWaitReleasesItsMutex(void) {
  g_mutex_lock(&QueueLock);
  while (!Ready)
    g_cond_wait(&QueueReady, &QueueLock); /* no-warning: releases QueueLock while it waits */
  g_mutex_unlock(&QueueLock);
}

void testCondWaitHoldingAnotherMutex(void) {
  g_mutex_lock(&CacheLock);
  g_mutex_lock(&QueueLock);
  while (!Ready)
    g_cond_wait(&QueueReady, &QueueLock);
/* CHECK: glib-locks.c:[[@LINE-1]]:5: warning: blocking call to 'g_cond_wait' while lock 'CacheLock' is held
 * CHECK-NEXT: glib-locks.c:[[@LINE-5]]:3: note: lock 'CacheLock' acquired here
 */
  g_mutex_unlock(&QueueLock);
  g_mutex_unlock(&CacheLock);
}

int main(void) { return 0; }
/* CHECK: stallscan: 5 findings in 1 file (1 translation units)
 * CHECK: exit-code: 1
 */
