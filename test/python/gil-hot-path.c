/* serialised-hot-path and the GIL: native worker threads (a pool started in
 * a loop: request entry points) that take the GIL with PyGILState_Ensure to
 * build Python objects serialise on it, like on any global lock. Pure
 * computation under the GIL is normal for small extension functions, so this
 * is reported only with runtime-locks.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 %python-cflags \
 * RUN:   | FileCheck %s --check-prefix=DEFAULT --implicit-check-not=warning: --implicit-check-not=note:
 * DEFAULT: 0 findings
 * RUN: echo '{"check_options": {"stallscan-serialised-hot-path": {"runtime-locks": "true"}}}' > %t.cfg.json
 * RUN: %exitcode %stallscan --no-snippets --config-file %t.cfg.json %s -- -std=gnu11 %python-cflags \
 * RUN:   | FileCheck %s --check-prefix=RUNTIME --implicit-check-not=warning: --implicit-check-not=note:
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>

static PyObject *Results;

static void *testWorkerBuildsObjects(void *Arg) {
  long N = (long)Arg;
  PyGILState_STATE St = PyGILState_Ensure();
/* RUNTIME: gil-hot-path.c:[[@LINE-1]]:25: warning: lock 'the Python GIL' serialises every request (a global, reached from 1 request entry point); {{.*}} 1 loop, {{.*}} run under it: release it around the work that does not need it [stallscan-serialised-hot-path]
 */
  for (long I = 0; I < N; ++I) {
    PyObject *V = PyLong_FromLong(I * I);
    PyList_Append(Results, V);
    Py_DECREF(V);
  }
  PyGILState_Release(St);
  return NULL;
}

void startPool(void) {
  pthread_t T[4];
  for (int I = 0; I < 4; ++I)
    pthread_create(&T[I], NULL, testWorkerBuildsObjects, (void *)1000L);
  for (int I = 0; I < 4; ++I)
    pthread_join(T[I], NULL);
}
