/* Blob persistence: SAVE writes a file through uv_fs_*, SYNC fsyncs it on the thread pool. */
#ifndef UVSRV_BLOBS_H
#define UVSRV_BLOBS_H

#include <stddef.h>

#include "server.h"

int blob_save(client_t *c, const char *name, const char *data, size_t len);
int blob_sync(client_t *c, const char *name);

#endif
