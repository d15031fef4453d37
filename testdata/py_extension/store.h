/* The blocking work both variants of the module do. */
#ifndef PY_EXTENSION_STORE_H
#define PY_EXTENSION_STORE_H
#include <stddef.h>

/* Reads up to cap bytes of path into buf; returns the count, or -1. */
long read_blob(const char *path, char *buf, size_t cap);

/* A checksum of a buffer: computation only. */
unsigned long blob_checksum(const char *buf, size_t len);

#endif
