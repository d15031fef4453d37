/* A CPython extension module written against Debian's real Python.h: the
 * interpreter calls every function the module exports holding the GIL
 * (PyMethodDef tables, a type's tp_* slots: handler_fields with "holds" in
 * checks/catalog/frameworks/python.json). Blocking there stalls every Python
 * thread, and the asyncio loop of a caller on this thread.
 * Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS (PyEval_SaveThread /
 * PyEval_RestoreThread) give the GIL up and take it back; a native thread
 * holds it between PyGILState_Ensure and PyGILState_Release.
 *
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 %python-cflags \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 *
 * The same file is a real module: built with Debian's toolchain and
 * imported by Debian's python3, its functions run (nothing is timed).
 * RUN: rm -rf %t && mkdir -p %t
 * RUN: %clangc -shared -fPIC -std=gnu11 %python-cflags %s -o %t/gilmod.so
 * RUN: %syspython -c "import sys; sys.path.insert(0, sys.argv[1]); import gilmod; print(gilmod.fetch(), gilmod.fetch_released(), gilmod.load_config(path='/dev/null'), next(gilmod.Counter()))" %t \
 * RUN:   | FileCheck %s --check-prefix=RUNS
 * RUNS: 1 2 3 4
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static PyObject *testExportedSleeps(PyObject *Self, PyObject *Args) {
  (void)Self; (void)Args;
  usleep(1000);
/* CHECK: c-api.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' while the Python GIL is held
 * CHECK-NEXT: c-api.c:{{[0-9]+}}:{{[0-9]+}}: note: 'gilmod.fetch' holds the Python GIL for the whole call (registered here by 'PyMethodDef::ml_meth')
 */
  return PyLong_FromLong(1);
}

static PyObject *testAllowThreads(PyObject *Self, PyObject *Args) {
  (void)Self; (void)Args;
  Py_BEGIN_ALLOW_THREADS
  usleep(1000); /* no-warning: the GIL is released */
  Py_END_ALLOW_THREADS
  return PyLong_FromLong(2);
}

static PyObject *testReacquired(PyObject *Self, PyObject *Args) {
  (void)Self; (void)Args;
  Py_BEGIN_ALLOW_THREADS
  usleep(1000); /* no-warning */
  Py_END_ALLOW_THREADS
  usleep(1000);
/* CHECK: c-api.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' while the Python GIL is held
 * CHECK-NEXT: c-api.c:[[@LINE-3]]:3: note: the Python GIL acquired here
 */
  return PyLong_FromLong(2);
}

/* Not exported, but called by an exported function: under its GIL. */
static long readConfig(const char *Path) {
  FILE *F = fopen(Path, "r");
/* CHECK: c-api.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' while the Python GIL is held
 * CHECK-NEXT: c-api.c:{{[0-9]+}}:{{[0-9]+}}: note: 'gilmod.load_config' holds the Python GIL for the whole call (registered here by 'PyMethodDef::ml_meth')
 * CHECK-NEXT: c-api.c:[[@LINE+18]]:12: note: 'testHelperUnderGil' calls 'readConfig' here
 */
  if (F)
    fclose(F);
/* CHECK: c-api.c:[[@LINE-1]]:5: warning: blocking call to 'fclose' while the Python GIL is held
 * CHECK-NEXT: c-api.c:{{[0-9]+}}:{{[0-9]+}}: note: 'gilmod.load_config' holds the Python GIL for the whole call (registered here by 'PyMethodDef::ml_meth')
 * CHECK-NEXT: c-api.c:[[@LINE+12]]:12: note: 'testHelperUnderGil' calls 'readConfig' here
 */
  return 3;
}

static PyObject *testHelperUnderGil(PyObject *Self, PyObject *Args,
                                    PyObject *Kw) {
  (void)Self;
  static char *Names[] = {"path", NULL};
  const char *Path = NULL;
  if (!PyArg_ParseTupleAndKeywords(Args, Kw, "s", Names, &Path))
    return NULL;
  long N = readConfig(Path);
  return PyLong_FromLong(N);
}

/* A helper that releases the GIL itself: its callers' lock is given up. */
static void waitReleased(void) {
  Py_BEGIN_ALLOW_THREADS
  usleep(1000); /* no-warning */
  Py_END_ALLOW_THREADS
}

/* A native thread holds no GIL until it asks for it. */
static void *testNativeThread(void *Arg) {
  (void)Arg;
  usleep(1000); /* no-warning: no GIL here */
  PyGILState_STATE St = PyGILState_Ensure();
  usleep(1000);
/* CHECK: c-api.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' while the Python GIL is held
 * CHECK-NEXT: c-api.c:[[@LINE-3]]:25: note: the Python GIL acquired here
 */
  PyGILState_Release(St);
  usleep(1000); /* no-warning: released */
  return NULL;
}

static PyObject *testStartThread(PyObject *Self, PyObject *Args) {
  (void)Self; (void)Args;
  pthread_t T;
  pthread_create(&T, NULL, testNativeThread, NULL); /* no-warning */
  pthread_detach(T);
  waitReleased();
  Py_RETURN_NONE;
}

/* Never exported: nothing holds the GIL here. */
void notExported(void) { usleep(1000); /* no-warning */ }

typedef struct {
  PyObject_HEAD
  long N;
} Counter;

static PyObject *testSlotSleeps(PyObject *Self) {
  usleep(1000);
/* CHECK: c-api.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' while the Python GIL is held
 * CHECK-NEXT: c-api.c:{{[0-9]+}}:{{[0-9]+}}: note: 'gilmod.Counter.tp_iternext' holds the Python GIL for the whole call (registered here by '_typeobject::tp_iternext')
 */
  return PyLong_FromLong(++((Counter *)Self)->N + 3);
}

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gilmod.Counter",
    .tp_basicsize = sizeof(Counter),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = testSlotSleeps,
};

static PyMethodDef Methods[] = {
    {"fetch", testExportedSleeps, METH_VARARGS, "sleeps under the GIL"},
    {"fetch_released", testAllowThreads, METH_VARARGS, NULL},
    {"fetch_reacquired", testReacquired, METH_VARARGS, NULL},
    {"load_config", (PyCFunction)(void (*)(void))testHelperUnderGil,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {"start", testStartThread, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef Module = {PyModuleDef_HEAD_INIT, "gilmod", NULL, -1,
                                    Methods};

PyMODINIT_FUNC PyInit_gilmod(void) {
  if (PyType_Ready(&CounterType) < 0)
    return NULL;
  PyObject *M = PyModule_Create(&Module);
  if (!M)
    return NULL;
  Py_INCREF(&CounterType);
  PyModule_AddObject(M, "Counter", (PyObject *)&CounterType);
  return M;
}
