/* stallscan-serialised-hot-path: a background thread that holds a lock
 * requests queue on, over a loop or a blocking call, makes every request
 * that needs the lock wait meanwhile (a slab mover splitting a page under
 * the allocator's lock, which every allocation and free takes). Not
 * reported: the same thread's sections of a lock no request takes, or that
 * requests take in one function only (a command controlling the thread),
 * a short section with no real work, and a consumer that waits on the lock's
 * condition (the wait gives the lock up).
 * RUN: %exitcode %stallscan --no-snippets %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <mock_event.h>
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t SlabsLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t MoverLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t WatchLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t QueueLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t QueueCond = PTHREAD_COND_INITIALIZER;
static char *FreeList[256];
static long Pages[64], Moved[64], Queue[64], Watchers[64];
static int Queued, Stop;

/* Every request allocates under SlabsLock. */
static char *slabsAlloc(int Size) {
  pthread_mutex_lock(&SlabsLock);
/* CHECK: hot-path-background-holder.c:[[@LINE-1]]:3: warning: lock 'SlabsLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 */
  char *P = FreeList[Size];
  for (int I = Size; I < 255; ++I)
    FreeList[I] = FreeList[I + 1];
  pthread_mutex_unlock(&SlabsLock);
  return P;
}

static void slabsFree(char *P, int Size) {
  pthread_mutex_lock(&SlabsLock);
/* CHECK: hot-path-background-holder.c:[[@LINE-1]]:3: warning: lock 'SlabsLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 */
  for (int I = 255; I > Size; --I)
    FreeList[I] = FreeList[I - 1];
  FreeList[Size] = P;
  pthread_mutex_unlock(&SlabsLock);
}

/* A command that controls the mover: requests take WatchLock here only. */
static void addWatcher(int Fd) {
  pthread_mutex_lock(&WatchLock);
/* CHECK: hot-path-background-holder.c:[[@LINE-1]]:3: warning: lock 'WatchLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 */
  for (int I = 0; I < 64; ++I)
    if (!Watchers[I])
      Watchers[I] = Fd;
  pthread_mutex_unlock(&WatchLock);
}

static void testRequestHandler(evutil_socket_t Fd, short What, void *Arg) {
  char *P = slabsAlloc(Fd & 255);
  slabsFree(P, Fd & 255);
  if (What == 2)
    addWatcher(Fd);
  pthread_mutex_lock(&QueueLock);
/* CHECK: hot-path-background-holder.c:[[@LINE-1]]:3: warning: lock 'QueueLock' serialises every request (a global, reached from 1 request entry point); {{.*}} [stallscan-serialised-hot-path]
 */
  for (int I = 0; I < 64; ++I)
    Queue[I] += Fd;
  Queued++;
  pthread_cond_signal(&QueueCond);
  pthread_mutex_unlock(&QueueLock);
}

static void testSplitPageUnderRequestLock(int Page) {
  pthread_mutex_lock(&SlabsLock);
/* CHECK: hot-path-background-holder.c:[[@LINE-1]]:3: warning: lock 'SlabsLock', which requests queue on, is held by a background thread while 0 statements, 0 calls, 1 loop, 0 allocations and 0 blocking calls run under it: every request that needs it waits meanwhile; {{.*}} [stallscan-serialised-hot-path]
 * CHECK-NEXT: hot-path-background-holder.c:27:3: note: requests take lock 'SlabsLock' here
 */
  for (int I = 0; I < 256; ++I)
    FreeList[I] = (char *)&Pages[Page];
  pthread_mutex_unlock(&SlabsLock);
}

static void testShortSectionUnderRequestLock(int Page) {
  pthread_mutex_lock(&SlabsLock); /* no-warning: no real work under it */
  FreeList[0] = (char *)&Pages[Page];
  pthread_mutex_unlock(&SlabsLock);
}

static void testControlledLockOverLoop(void) {
  pthread_mutex_lock(&WatchLock); /* no-warning: requests take it in one function */
  for (int I = 0; I < 64; ++I)
    Watchers[I] = 0;
  pthread_mutex_unlock(&WatchLock);
}

static void testOwnLockOverLoop(void) {
  pthread_mutex_lock(&MoverLock); /* no-warning: no request takes it */
  for (int I = 0; I < 64; ++I)
    Moved[I] = Pages[I];
  pthread_mutex_unlock(&MoverLock);
}

static void testConsumerWaitsOnCondition(void) {
  pthread_mutex_lock(&QueueLock); /* no-warning: the wait gives it up */
  while (Queued == 0)
    pthread_cond_wait(&QueueCond, &QueueLock);
  Queued--;
  pthread_mutex_unlock(&QueueLock);
}

static void *moverThread(void *Arg) {
  while (!Stop) {
    testSplitPageUnderRequestLock(1);
    testShortSectionUnderRequestLock(2);
    testOwnLockOverLoop();
    testControlledLockOverLoop();
    sleep(1);
  }
  return NULL;
}

static void *consumerThread(void *Arg) {
  while (!Stop)
    testConsumerWaitsOnCondition();
  return NULL;
}

static void *workerLoop(void *Arg) {
  struct event_base *Base = event_base_new();
  struct event *Ev = event_new(Base, *(int *)Arg, 0, testRequestHandler, NULL);
  event_add(Ev, NULL);
  event_base_loop(Base, 0);
  return NULL;
}

int main(void) {
  pthread_t Workers[4], Mover, Consumer;
  int Fds[4] = {3, 4, 5, 6};
  for (int I = 0; I < 4; ++I)
    pthread_create(&Workers[I], NULL, workerLoop, &Fds[I]);
  pthread_create(&Mover, NULL, moverThread, NULL);
  pthread_create(&Consumer, NULL, consumerThread, NULL);
  for (int I = 0; I < 4; ++I)
    pthread_join(Workers[I], NULL);
  return 0;
}
