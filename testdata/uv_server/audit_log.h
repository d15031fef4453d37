/* Audit trail (a file) and console diagnostics (stderr). */
#ifndef UVSRV_AUDIT_LOG_H
#define UVSRV_AUDIT_LOG_H

#include <stddef.h>

/* Appends one line for a client command to the audit file at `path`. */
int audit_log_record(const char *path, unsigned long client_id, const char *verb,
                     const char *arg, size_t arg_len);

/* printf-style diagnostics to stderr. */
void console_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
