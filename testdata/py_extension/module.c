/* A CPython extension module, `store` (Python.h from Debian's python3-dev),
 * imported as `import store`. CPython enters every exported function
 * holding the GIL, so a blocking call there stalls every Python thread:
 *   store.load(path)            reads the file holding the GIL (blocking)
 *   store.load_released(path)   the same read between Py_BEGIN_ALLOW_THREADS
 *                               and Py_END_ALLOW_THREADS (the fixed twin)
 *   store.wait(ms)              sleeps holding the GIL (blocking)
 *   store.wait_released(ms)     sleeps with the GIL released (fixed)
 *   store.checksum(bytes)       computation only
 * test/bench/runtimes.py calls each variant from N threads. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

#include "store.h"

static char blob[65536];

static PyObject *load(PyObject *self, PyObject *args) {
  (void)self;
  const char *path;
  if (!PyArg_ParseTuple(args, "s", &path))
    return NULL;
  long n = read_blob(path, blob, sizeof blob);
  return PyLong_FromLong(n);
}

static PyObject *load_released(PyObject *self, PyObject *args) {
  (void)self;
  const char *path;
  long n;
  if (!PyArg_ParseTuple(args, "s", &path))
    return NULL;
  /* Not the shared buffer: other threads run while the GIL is released. */
  char *buf = PyMem_RawMalloc(sizeof blob);
  if (!buf)
    return PyErr_NoMemory();
  Py_BEGIN_ALLOW_THREADS
  n = read_blob(path, buf, sizeof blob); // OK: the GIL is released around the read
  Py_END_ALLOW_THREADS
  PyMem_RawFree(buf);
  return PyLong_FromLong(n);
}

static PyObject *wait_ms(PyObject *self, PyObject *args) {
  (void)self;
  unsigned ms;
  if (!PyArg_ParseTuple(args, "I", &ms))
    return NULL;
  usleep(ms * 1000u); // LOCK-BLOCKING: sleep
  Py_RETURN_NONE;
}

static PyObject *wait_released(PyObject *self, PyObject *args) {
  (void)self;
  unsigned ms;
  if (!PyArg_ParseTuple(args, "I", &ms))
    return NULL;
  Py_BEGIN_ALLOW_THREADS
  usleep(ms * 1000u); // OK: the GIL is released
  Py_END_ALLOW_THREADS
  Py_RETURN_NONE;
}

static PyObject *checksum(PyObject *self, PyObject *args) {
  (void)self;
  const char *buf;
  Py_ssize_t len;
  if (!PyArg_ParseTuple(args, "y#", &buf, &len))
    return NULL;
  return PyLong_FromUnsignedLong(blob_checksum(buf, (size_t)len));
}

static PyMethodDef store_methods[] = {
    {"load", load, METH_VARARGS, "Read a file, holding the GIL."},
    {"load_released", load_released, METH_VARARGS, "Read a file, GIL released."},
    {"wait", wait_ms, METH_VARARGS, "Sleep, holding the GIL."},
    {"wait_released", wait_released, METH_VARARGS, "Sleep, GIL released."},
    {"checksum", checksum, METH_VARARGS, "Checksum of a bytes object."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef store_module = {
    PyModuleDef_HEAD_INIT, "store", "A sample extension module.", -1,
    store_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_store(void) { return PyModule_Create(&store_module); }
