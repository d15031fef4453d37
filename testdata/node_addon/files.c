/* The file work of the addon, shared by its blocking and its fixed variant:
 * called from readConfigSync on Node's event loop (the findings), and from
 * the execute callback of an async work on libuv's thread pool. */
#include "files.h"

#include <stdio.h>
#include <unistd.h>

long slurp(const char *path, char *buf, size_t cap) {
  FILE *fp = fopen(path, "rb"); // BLOCKING: file
  if (!fp)
    return -1;
  size_t n = fread(buf, 1, cap, fp); // BLOCKING: file
  fclose(fp); // BLOCKING: file
  return (long)n;
}

void settle(unsigned ms) {
  usleep(ms * 1000u); // OK: only called from the async work's execute callback, on libuv's thread pool
}
