#include "audit_log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define AUDIT_ARG_MAX 120

/* Copies at most AUDIT_ARG_MAX bytes, replacing anything unprintable. */
static void sanitize(char *dst, size_t dst_size, const char *src, size_t len) {
    size_t i, n = len < dst_size - 1 ? len : dst_size - 1;
    if (n > AUDIT_ARG_MAX) n = AUDIT_ARG_MAX;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)src[i];
        dst[i] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
    }
    dst[n] = '\0';
}

int audit_log_record(const char *path, unsigned long client_id, const char *verb,
                     const char *arg, size_t arg_len) {
    char timestamp[32];
    char clean[AUDIT_ARG_MAX + 1];
    struct tm tm;
    time_t now = time(NULL);
    FILE *fp;

    gmtime_r(&now, &tm);
    strftime(timestamp, sizeof timestamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sanitize(clean, sizeof clean, arg ? arg : "", arg ? arg_len : 0);

    fp = fopen(path, "a"); // BLOCKING: file
    if (fp == NULL) {
        console_log("audit: cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    fprintf(fp, "%s client=%lu cmd=%s arg=\"%s\"\n", timestamp, client_id, verb, clean); // BLOCKING: file
    if (fclose(fp) != 0) { // BLOCKING: file
        console_log("audit: write to %s failed: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

void console_log(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "[uvsrv] "); // OK: console output to stderr
    vfprintf(stderr, fmt, ap); // OK: console output to stderr
    fputc('\n', stderr); // OK: console output to stderr
    va_end(ap);
}
