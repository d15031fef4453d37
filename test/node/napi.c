/* A Node.js native addon written against the installed Node-API headers
 * (node_api.h): functions made JS-callable (napi_create_function,
 * napi_property_descriptor method/getter/setter, napi_define_class),
 * finalizers and async-work completions run on the JS main thread, which
 * is Node's event loop: one blocking call there freezes every request of
 * the process. An async work's execute callback runs on libuv's thread
 * pool (checks/catalog/frameworks/node.json).
 *
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 %node-cflags \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 *
 * The same file is a real addon: built with Debian's toolchain and loaded
 * by node (nothing is timed).
 * RUN: rm -rf %t && mkdir -p %t
 * RUN: %clangc -shared -fPIC -std=gnu11 %node-cflags %s -o %t/addon.node
 * RUN: node -e "const a = require(process.argv[1]); console.log(a.readSync(), a.size, new a.Box().twice(2)); a.queue(() => console.log('done'))" %t/addon.node \
 * RUN:   | FileCheck %s --check-prefix=RUNS
 * RUNS: 1 2 4
 * RUNS-NEXT: done
 */
#include <node_api.h>
#include <stdio.h>
#include <unistd.h>

static napi_value number(napi_env Env, int N) {
  napi_value V;
  napi_create_int32(Env, N, &V);
  return V;
}

static napi_value testReadsFileSync(napi_env Env, napi_callback_info Info) {
  (void)Info;
  FILE *F = fopen("/etc/passwd", "r");
/* CHECK: napi.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
 * CHECK-NEXT: napi.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testReadsFileSync' passed to 'napi_create_function' runs on the event loop
 */
  if (F)
    fclose(F);
/* CHECK: napi.c:[[@LINE-1]]:5: warning: blocking call to 'fclose' on the event loop
 * CHECK-NEXT: napi.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testReadsFileSync' passed to 'napi_create_function' runs on the event loop
 */
  return number(Env, 1);
}

static napi_value testGetterSleeps(napi_env Env, napi_callback_info Info) {
  (void)Info;
  usleep(1000);
/* CHECK: napi.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: napi.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testGetterSleeps' stored in 'napi_property_descriptor::getter' runs on the event loop
 */
  return number(Env, 2);
}

typedef struct {
  napi_async_work Work;
  napi_ref Callback;
} Job;

static void testExecuteOnPool(napi_env Env, void *Data) {
  (void)Env; (void)Data;
  usleep(1000); /* no-warning: libuv's thread pool */
}

static void testCompleteOnLoop(napi_env Env, napi_status Status, void *Data) {
  (void)Status;
  Job *J = Data;
  usleep(1000);
/* CHECK: napi.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: napi.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testCompleteOnLoop' passed to 'napi_create_async_work' runs on the event loop
 */
  napi_value Cb, Global;
  napi_get_reference_value(Env, J->Callback, &Cb);
  napi_get_global(Env, &Global);
  napi_call_function(Env, Global, Cb, 0, NULL, NULL);
  napi_delete_reference(Env, J->Callback);
  napi_delete_async_work(Env, J->Work);
}

static napi_value testQueue(napi_env Env, napi_callback_info Info) {
  static Job J;
  size_t Argc = 1;
  napi_value Argv[1], Name;
  napi_get_cb_info(Env, Info, &Argc, Argv, NULL, NULL);
  napi_create_reference(Env, Argv[0], 1, &J.Callback);
  napi_create_string_utf8(Env, "job", NAPI_AUTO_LENGTH, &Name);
  napi_create_async_work(Env, NULL, Name, testExecuteOnPool,
                         testCompleteOnLoop, &J, &J.Work);
  napi_queue_async_work(Env, J.Work);
  return NULL;
}

static napi_value testConstructor(napi_env Env, napi_callback_info Info) {
  napi_value This;
  napi_get_cb_info(Env, Info, NULL, NULL, &This, NULL);
  return This;
}

static napi_value testMethodSleeps(napi_env Env, napi_callback_info Info) {
  size_t Argc = 1;
  napi_value Argv[1];
  int32_t N = 0;
  napi_get_cb_info(Env, Info, &Argc, Argv, NULL, NULL);
  napi_get_value_int32(Env, Argv[0], &N);
  usleep(10);
/* CHECK: napi.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: napi.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testMethodSleeps' stored in 'napi_property_descriptor::method' runs on the event loop
 */
  return number(Env, 2 * N);
}

/* A helper that queues whatever execute callback it is given: the function
 * passed to it runs on libuv's pool, not in the helper. */
static void queueExecute(napi_env Env, napi_async_execute_callback Execute) {
  static napi_async_work W;
  napi_value Name;
  napi_create_string_utf8(Env, "fwd", NAPI_AUTO_LENGTH, &Name);
  napi_create_async_work(Env, NULL, Name, Execute, NULL, NULL, &W);
  napi_queue_async_work(Env, W);
}

/* A helper that calls what it is given, there and then. */
static void runNow(napi_env Env, napi_async_execute_callback Execute) {
  Execute(Env, NULL);
}

static void testForwardedToPool(napi_env Env, void *Data) {
  (void)Env; (void)Data;
  usleep(1000); /* no-warning: queueExecute hands it to napi_create_async_work */
}

static void testCalledByHelper(napi_env Env, void *Data) {
  (void)Env; (void)Data;
  usleep(1000);
/* CHECK: napi.c:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
 * CHECK-NEXT: napi.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testForwarding' stored in 'napi_property_descriptor::method' runs on the event loop
 * CHECK-NEXT: napi.c:{{[0-9]+}}:{{[0-9]+}}: note: 'testForwarding' passes 'testCalledByHelper' here, which may call it
 */
}

static napi_value testForwarding(napi_env Env, napi_callback_info Info) {
  (void)Info;
  queueExecute(Env, testForwardedToPool);
  runNow(Env, testCalledByHelper);
  return NULL;
}

/* Never made callable from JS: not on the loop. */
void notExported(void) { usleep(1000); /* no-warning */ }

static napi_value Init(napi_env Env, napi_value Exports) {
  napi_value Fn, Box;
  napi_property_descriptor Props[] = {
      {"queue", NULL, testQueue, NULL, NULL, NULL, napi_default, NULL},
      {"size", NULL, NULL, testGetterSleeps, NULL, NULL, napi_default, NULL},
      {"forward", NULL, testForwarding, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_property_descriptor BoxProps[] = {
      {"twice", NULL, testMethodSleeps, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_create_function(Env, "readSync", NAPI_AUTO_LENGTH, testReadsFileSync,
                       NULL, &Fn);
  napi_set_named_property(Env, Exports, "readSync", Fn);
  napi_define_class(Env, "Box", NAPI_AUTO_LENGTH, testConstructor, NULL, 1,
                    BoxProps, &Box);
  napi_set_named_property(Env, Exports, "Box", Box);
  napi_define_properties(Env, Exports, 3, Props);
  return Exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
