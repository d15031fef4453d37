/* File access for the module, called with the GIL held by store.load (the
 * findings) and with it released by store.load_released. */
#include "store.h"

#include <stdio.h>

long read_blob(const char *path, char *buf, size_t cap) {
  FILE *fp = fopen(path, "rb"); // LOCK-BLOCKING: file
  if (!fp)
    return -1;
  size_t n = fread(buf, 1, cap, fp); // LOCK-BLOCKING: file
  fclose(fp); // LOCK-BLOCKING: file
  return (long)n;
}

unsigned long blob_checksum(const char *buf, size_t len) {
  unsigned long h = 5381;
  for (size_t i = 0; i < len; ++i)
    h = h * 33 + (unsigned char)buf[i];
  return h;
}
