/* A Node.js native addon (plain Node-API, node_api.h), loaded with
 * require('./node_addon.node'). Its exports run on Node's event loop:
 *   readConfigSync(path)  reads the file right there (the blocking variant)
 *   readConfig(path, cb)  the same read as an async work (the fixed twin)
 *   compactSync(ms)       sleeps on the loop (the blocking variant)
 *   compact(ms, cb)       the same wait on libuv's thread pool (fixed)
 *   version()             pure computation: safe to call from a request
 * test/bench/runtimes.py runs each variant beside a 1 ms setInterval. */
#include "files.h"
#include "jobs.h"

#include <node_api.h>
#include <unistd.h>

static char config_buf[4096];

static napi_value read_config_sync(napi_env env, napi_callback_info info) {
  size_t argc = 1, len = 0;
  napi_value argv[1], out;
  char path[256] = "";
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len);
  long n = slurp(path, config_buf, sizeof config_buf);
  napi_create_int64(env, n, &out);
  return out;
}

static napi_value compact_sync(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out;
  uint32_t ms = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_value_uint32(env, argv[0], &ms);
  usleep(ms * 1000u); // BLOCKING: sleep
  napi_create_uint32(env, ms, &out);
  return out;
}

static napi_value version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_string_utf8(env, "1.0.0", NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"readConfigSync", NULL, read_config_sync, NULL, NULL, NULL, napi_default, NULL},
      {"readConfig", NULL, read_config, NULL, NULL, NULL, napi_default, NULL},
      {"compactSync", NULL, compact_sync, NULL, NULL, NULL, napi_default, NULL},
      {"compact", NULL, compact, NULL, NULL, NULL, napi_default, NULL},
      {"version", NULL, version, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
