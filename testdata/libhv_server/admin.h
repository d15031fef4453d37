/* The admin port of the libhv sample, on libhv's C API (hloop_t / hio_t). */
#pragma once
#include <hv/hloop.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Listens for admin commands on the given loop: "resolve <host>" and "ping". */
void admin_start(hloop_t *loop, int port);
#ifdef __cplusplus
}
#endif
