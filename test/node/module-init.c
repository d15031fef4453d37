/* A Node-API addon's module init: NAPI_MODULE_INIT() (and NAPI_MODULE,
 * which expands to it) defines napi_register_module_v1, the symbol Node
 * calls by name on the JS main thread when the addon is required
 * (entry_functions in checks/catalog/frameworks/node.json). What it and its
 * callees block on stalls the loop; a function of the same shape under
 * another name is not called by Node.
 *
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=gnu11 %node-cflags \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 *
 * RUN: rm -rf %t && mkdir -p %t
 * RUN: %clangc -shared -fPIC -std=gnu11 %node-cflags %s -o %t/init.node
 * RUN: node -e "console.log(require(process.argv[1]).loaded)" %t/init.node | FileCheck %s --check-prefix=RUNS
 * RUNS: 1
 */
#include <node_api.h>
#include <stdio.h>

static int testLoadsSettings(void) {
  FILE *F = fopen("/etc/hostname", "r");
/* CHECK: module-init.c:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
 * CHECK-NEXT: note: 'napi_register_module_v1' is called by the runtime by its symbol name, on the event loop
 * CHECK-NEXT: note: 'napi_register_module_v1' calls 'testLoadsSettings' here
 */
  if (!F)
    return 0;
  fclose(F);
/* CHECK: module-init.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
 * CHECK-NEXT: note: 'napi_register_module_v1' is called by the runtime by its symbol name, on the event loop
 * CHECK-NEXT: note: 'napi_register_module_v1' calls 'testLoadsSettings' here
 */
  return 1;
}

/* Same signature, not the symbol Node looks up: never called by Node. */
napi_value testNotTheInitSymbol(napi_env env, napi_value exports) {
  (void)env;
  FILE *F = fopen("/etc/hostname", "r"); /* no-warning */
  if (F)
    fclose(F); /* no-warning */
  return exports;
}

NAPI_MODULE_INIT() {
  napi_value V;
  napi_create_int32(env, testLoadsSettings(), &V);
  napi_set_named_property(env, exports, "loaded", V);
  return exports;
}
