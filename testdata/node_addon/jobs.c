/* The fixed variants: readConfig(path, cb) and compact(ms, cb) queue an
 * async work whose execute callback does the blocking work on libuv's
 * thread pool; its complete callback calls cb back on the loop, which
 * keeps serving other callbacks meanwhile. */
#include "jobs.h"
#include "files.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  napi_async_work work;
  napi_ref callback;
  char path[256];
  unsigned ms;
  long result;
  char buf[4096];
} job_t;

static void read_execute(napi_env env, void *data) {
  (void)env;
  job_t *job = data;
  job->result = slurp(job->path, job->buf, sizeof job->buf); // OK: execute runs on libuv's thread pool
}

static void compact_execute(napi_env env, void *data) {
  (void)env;
  job_t *job = data;
  settle(job->ms); // OK: execute runs on libuv's thread pool
  job->result = job->ms;
}

/* Back on the loop: only calls the JS callback with the result. */
static void complete(napi_env env, napi_status status, void *data) {
  (void)status;
  job_t *job = data;
  napi_value cb, global, argv[1];
  napi_get_reference_value(env, job->callback, &cb);
  napi_get_global(env, &global);
  napi_create_int64(env, job->result, &argv[0]);
  napi_call_function(env, global, cb, 1, argv, NULL);
  napi_delete_reference(env, job->callback);
  napi_delete_async_work(env, job->work);
  free(job);
}

static napi_value queue(napi_env env, napi_callback_info info,
                        napi_async_execute_callback execute, int with_path) {
  size_t argc = 2;
  napi_value argv[2], name;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  job_t *job = calloc(1, sizeof *job);
  if (with_path) {
    size_t len = 0;
    napi_get_value_string_utf8(env, argv[0], job->path, sizeof job->path, &len);
  } else {
    uint32_t ms = 0;
    napi_get_value_uint32(env, argv[0], &ms);
    job->ms = ms;
  }
  napi_create_reference(env, argv[1], 1, &job->callback);
  napi_create_string_utf8(env, "node_addon_job", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return NULL;
}

napi_value read_config(napi_env env, napi_callback_info info) {
  return queue(env, info, read_execute, 1);
}

napi_value compact(napi_env env, napi_callback_info info) {
  return queue(env, info, compact_execute, 0);
}
