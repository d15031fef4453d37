// A small file in the shape of CSA's verifier tests, for csa-peer.test:
// expected-warning comments with counts and offsets, no-warning lines, and a
// branch the file itself marks as a false positive.
void sleep(int);
struct pthread_mutex_t;
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_trylock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);

void locked(pthread_mutex_t *m) {
  pthread_mutex_lock(m);
  sleep(1); // expected-warning {{Call to blocking function 'sleep' inside of critical section}}
  // expected-warning@+1 {{Call to blocking function 'sleep' inside of critical section}}
  sleep(2);
  pthread_mutex_unlock(m);
  sleep(3); // no-warning
}

void tried(pthread_mutex_t *m) {
  if (pthread_mutex_trylock(m) == 0) {
    sleep(4); // expected-warning {{Call to blocking function 'sleep' inside of critical section}}
    pthread_mutex_unlock(m);
  } else {
    sleep(5); // expected-warning {{Call to blocking function 'sleep' inside of critical section}}
              // FIXME: a false positive, the lock was not acquired
  }
}
