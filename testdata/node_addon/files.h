/* Reading a whole file into a buffer: the work both variants of the addon do. */
#ifndef NODE_ADDON_FILES_H
#define NODE_ADDON_FILES_H
#include <stddef.h>

/* Reads up to cap bytes of path into buf; returns the count, or -1. */
long slurp(const char *path, char *buf, size_t cap);

/* Sleeps for the given milliseconds: stands for a slow computation or a
 * device that answers late. */
void settle(unsigned ms);

#endif
