/* The fixed variants: the same work as an async work on libuv's pool. */
#ifndef NODE_ADDON_JOBS_H
#define NODE_ADDON_JOBS_H
#include <node_api.h>

napi_value read_config(napi_env env, napi_callback_info info);
napi_value compact(napi_env env, napi_callback_info info);

#endif
