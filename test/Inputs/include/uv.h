/* Mock of the libuv API surface stallscan models. */
#pragma once
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef struct uv_loop_s uv_loop_t;
typedef struct uv_handle_s { void *data; } uv_handle_t;
typedef struct uv_stream_s { void *data; } uv_stream_t;
typedef struct uv_tcp_s { void *data; } uv_tcp_t;
typedef struct uv_timer_s { void *data; } uv_timer_t;
typedef struct uv_work_s { void *data; } uv_work_t;
typedef struct uv_fs_s { void *data; long result; } uv_fs_t;
typedef struct uv_write_s { void *data; } uv_write_t;
typedef struct { char *base; size_t len; } uv_buf_t;
typedef enum { UV_RUN_DEFAULT = 0, UV_RUN_ONCE, UV_RUN_NOWAIT } uv_run_mode;
typedef void (*uv_alloc_cb)(uv_handle_t *, size_t, uv_buf_t *);
typedef void (*uv_read_cb)(uv_stream_t *, long, const uv_buf_t *);
typedef void (*uv_connection_cb)(uv_stream_t *, int);
typedef void (*uv_timer_cb)(uv_timer_t *);
typedef void (*uv_work_cb)(uv_work_t *);
typedef void (*uv_after_work_cb)(uv_work_t *, int);
typedef void (*uv_fs_cb)(uv_fs_t *);
typedef void (*uv_write_cb)(uv_write_t *, int);
typedef void (*uv_close_cb)(uv_handle_t *);
uv_loop_t *uv_default_loop(void);
int uv_run(uv_loop_t *, uv_run_mode);
void uv_stop(uv_loop_t *);
int uv_tcp_init(uv_loop_t *, uv_tcp_t *);
int uv_listen(uv_stream_t *, int, uv_connection_cb);
int uv_accept(uv_stream_t *, uv_stream_t *);
int uv_read_start(uv_stream_t *, uv_alloc_cb, uv_read_cb);
int uv_write(uv_write_t *, uv_stream_t *, const uv_buf_t *, unsigned, uv_write_cb);
void uv_close(uv_handle_t *, uv_close_cb);
int uv_timer_init(uv_loop_t *, uv_timer_t *);
int uv_timer_start(uv_timer_t *, uv_timer_cb, unsigned long long, unsigned long long);
int uv_queue_work(uv_loop_t *, uv_work_t *, uv_work_cb, uv_after_work_cb);
int uv_fs_open(uv_loop_t *, uv_fs_t *, const char *, int, int, uv_fs_cb);
int uv_fs_write(uv_loop_t *, uv_fs_t *, int, const uv_buf_t *, unsigned, long, uv_fs_cb);
void uv_fs_req_cleanup(uv_fs_t *);
#ifdef __cplusplus
}
#endif
