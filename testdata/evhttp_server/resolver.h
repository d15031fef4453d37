/* Host name resolution helper shared by the HTTP and side-channel handlers. */
#ifndef EVSRV_RESOLVER_H
#define EVSRV_RESOLVER_H

#include <netinet/in.h>

#define RESOLVER_MAX_ADDRS 8

typedef struct resolved {
    int count;
    char addrs[RESOLVER_MAX_ADDRS][INET6_ADDRSTRLEN];
    char canonical[256];
} resolved_t;

/* Resolves `host` into printable addresses. Returns 0, or a getaddrinfo error with *err set. */
int resolver_lookup(const char *host, resolved_t *out, const char **err);

/* Cheap syntactic check used before calling resolver_lookup(). */
int resolver_valid_hostname(const char *host);

#endif
