// A project header's lock helpers, as memcached and redis write them.
#include <pthread.h>
#include <stdlib.h>

struct stats {
  pthread_mutex_t mu;
  long hits;
};

/* Locks on every normal exit: abort() does not return. */
static inline void mutex_lock_or_die(pthread_mutex_t *m) {
  if (pthread_mutex_lock(m) != 0)
    abort();
}

static inline void mutex_unlock_or_die(pthread_mutex_t *m) {
  if (pthread_mutex_unlock(m) != 0)
    abort();
}
