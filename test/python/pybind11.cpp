// A pybind11 module with Debian's real pybind11 and Python headers: every
// function bound with `m.def` or `py::class_<T>::def` runs holding the GIL
// (registrations with "holds" in checks/catalog/frameworks/python.json).
// `py::gil_scoped_release` gives it up for its scope, a binding with
// `py::call_guard<py::gil_scoped_release>()` for the whole call, and
// `py::gil_scoped_acquire` takes it in a native thread.
//
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %python-cflags \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
//
// A real module: built with Debian's toolchain, imported by Debian's python3.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -shared -fPIC -std=c++17 %python-cflags %s -o %t/gilpp.so
// RUN: %syspython -c "import sys; sys.path.insert(0, sys.argv[1]); import gilpp; print(gilpp.fetch(1), gilpp.fetch_released(2), gilpp.fetch_guarded(3), gilpp.Store().get(4), gilpp.sleepy(5))" %t \
// RUN:   | FileCheck %s --check-prefix=RUNS
// RUNS: 1 2 3 4 5
#include <pybind11/pybind11.h>
#include <thread>
#include <unistd.h>

namespace py = pybind11;

static int testBoundSleeps(int N) {
  usleep(1000);
  // CHECK: pybind11.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while the Python GIL is held
  // CHECK-NEXT: pybind11.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'gilpp.fetch' holds the Python GIL for the whole call (registered here by 'pybind11::module_::def')
  return N;
}

static int testScopedRelease(int N) {
  py::gil_scoped_release NoGil;
  usleep(1000); // no-warning: released for the scope
  return N;
}

static int testReleaseThenBack(int N) {
  {
    py::gil_scoped_release NoGil;
    usleep(1000); // no-warning
  }
  usleep(1000);
  // CHECK: pybind11.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while the Python GIL is held
  // CHECK-NEXT: pybind11.cpp:[[@LINE-3]]:3: note: the Python GIL acquired here
  return N;
}

static int testCallGuard(int N) {
  usleep(1000); // no-warning: bound with call_guard<gil_scoped_release>
  return N;
}

struct Store {
  int get(int N) {
    usleep(1000);
    // CHECK: pybind11.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while the Python GIL is held
    // CHECK-NEXT: pybind11.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'gilpp.Store.get' holds the Python GIL for the whole call (registered here by 'pybind11::class_::def')
    return N;
  }
};

// A native thread holds no GIL until it asks for it.
static void testNativeThread() {
  usleep(1000); // no-warning
  py::gil_scoped_acquire Gil;
  usleep(1000);
  // CHECK: pybind11.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' while the Python GIL is held
  // CHECK-NEXT: pybind11.cpp:[[@LINE-3]]:{{[0-9]+}}: note: the Python GIL acquired here
}

static void testStartThread() {
  std::thread(testNativeThread).detach(); // no-warning
}

// Never bound: nothing holds the GIL here.
void notBound() { usleep(1000); /* no-warning */ }

PYBIND11_MODULE(gilpp, m) {
  m.def("fetch", &testBoundSleeps);
  m.def("fetch_released", &testScopedRelease);
  m.def("fetch_back", &testReleaseThenBack);
  m.def("fetch_guarded", &testCallGuard,
        py::call_guard<py::gil_scoped_release>());
  m.def("start", &testStartThread);
  m.def("sleepy", [](int N) {
    usleep(1000);
    // CHECK: pybind11.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' while the Python GIL is held
    // CHECK-NEXT: pybind11.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'gilpp.sleepy' holds the Python GIL for the whole call (registered here by 'pybind11::module_::def')
    return N;
  });
  py::class_<Store>(m, "Store").def(py::init<>()).def("get", &Store::get);
}
