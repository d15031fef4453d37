/* stallscan-serialised-hot-path with rare_functions: admin and statistics
 * commands reached through the same dispatch as ordinary requests run
 * rarely. A lock requests take only through them serialises no request;
 * a rare command that holds a lock ordinary requests queue on, over real
 * work, makes them wait and is reported as such. Without the config, every
 * command is a request path (the second run).
 * RUN: %exitcode %stallscan --no-snippets \
 * RUN:   --config='{"rare_functions": ["process_stats_command", "*_admin"]}' \
 * RUN:   %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 * RUN: %exitcode %stallscan --no-snippets %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --check-prefix=ALL \
 * RUN:       --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <pthread.h>
#include <string.h>

static pthread_mutex_t SlabsLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t CrawlerLock = PTHREAD_MUTEX_INITIALIZER;
static long Slabs[64], Crawl[64];
static char *FreeList[64];

static char *slabsAlloc(int Size) {
  pthread_mutex_lock(&SlabsLock);
/* CHECK: hot-path-rare-functions.c:[[@LINE-1]]:3: warning: lock 'SlabsLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 * ALL: hot-path-rare-functions.c:[[@LINE-2]]:3: warning: lock 'SlabsLock' serialises every request
 */
  char *P = FreeList[Size];
  for (int I = Size; I < 63; ++I)
    FreeList[I] = FreeList[I + 1];
  pthread_mutex_unlock(&SlabsLock);
  return P;
}

static void slabsFree(char *P, int Size) {
  pthread_mutex_lock(&SlabsLock);
/* CHECK: hot-path-rare-functions.c:[[@LINE-1]]:3: warning: lock 'SlabsLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 * ALL: hot-path-rare-functions.c:[[@LINE-2]]:3: warning: lock 'SlabsLock' serialises every request
 */
  for (int I = 63; I > Size; --I)
    FreeList[I] = FreeList[I - 1];
  FreeList[Size] = P;
  pthread_mutex_unlock(&SlabsLock);
}

/* Statistics of the hot lock: a rare command, but every allocation waits
 * while it walks the classes. */
static void slabsStats(long *Out) {
  pthread_mutex_lock(&SlabsLock);
/* CHECK: hot-path-rare-functions.c:[[@LINE-1]]:3: warning: lock 'SlabsLock', which requests queue on, is held on a rare path ('process_stats_command' in rare_functions) while {{.*}} run under it: every request that needs it waits meanwhile; {{.*}} [stallscan-serialised-hot-path]
 * CHECK-NEXT: hot-path-rare-functions.c:25:3: note: requests take lock 'SlabsLock' here
 * ALL: hot-path-rare-functions.c:[[@LINE-3]]:3: warning: lock 'SlabsLock' serialises every request
 */
  for (int I = 0; I < 64; ++I)
    Out[I] = Slabs[I];
  pthread_mutex_unlock(&SlabsLock);
}

/* The crawler's lock: only the crawl admin command takes it. */
static void crawlerStart(int Id) {
  pthread_mutex_lock(&CrawlerLock); /* no-warning: reached through rare functions only */
/* ALL: hot-path-rare-functions.c:[[@LINE-1]]:3: warning: lock 'CrawlerLock' serialises every request
 */
  for (int I = 0; I < 64; ++I)
    Crawl[I] = Id;
  pthread_mutex_unlock(&CrawlerLock);
}

static void process_stats_command(long *Out) { slabsStats(Out); }
static void process_crawl_admin(int Id) { crawlerStart(Id); }

static void testDispatch(evutil_socket_t Fd, short What, void *Arg) {
  long Out[64];
  const char *Cmd = (const char *)Arg;
  if (strcmp(Cmd, "set") == 0) {
    char *P = slabsAlloc(Fd & 63);
    slabsFree(P, Fd & 63);
  } else if (strcmp(Cmd, "stats") == 0) {
    process_stats_command(Out);
  } else if (strcmp(Cmd, "crawl") == 0) {
    process_crawl_admin(Fd);
  }
}

static void *workerLoop(void *Arg) {
  struct event_base *Base = event_base_new();
  struct event *Ev = event_new(Base, *(int *)Arg, 0, testDispatch, NULL);
  event_add(Ev, NULL);
  event_base_loop(Base, 0);
  return NULL;
}

int main(void) {
  pthread_t Workers[4];
  int Fds[4] = {3, 4, 5, 6};
  for (int I = 0; I < 4; ++I)
    pthread_create(&Workers[I], NULL, workerLoop, &Fds[I]);
  for (int I = 0; I < 4; ++I)
    pthread_join(Workers[I], NULL);
  return 0;
}
