#include "resolver.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int resolver_valid_hostname(const char *host) {
    size_t len, label = 0, i;
    if (host == NULL) return 0;
    len = strlen(host);
    if (len == 0 || len > 253) return 0;
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)host[i];
        if (ch == '.') {
            if (label == 0) return 0;
            label = 0;
            continue;
        }
        if (!isalnum(ch) && ch != '-' && ch != ':') return 0;
        if (++label > 63) return 0;
    }
    return 1;
}

static void format_addr(const struct addrinfo *ai, char *buf, size_t len) {
    const void *src = NULL;
    if (ai->ai_family == AF_INET)
        src = &((const struct sockaddr_in *)ai->ai_addr)->sin_addr;
    else if (ai->ai_family == AF_INET6)
        src = &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
    if (src == NULL || inet_ntop(ai->ai_family, src, buf, (socklen_t)len) == NULL)
        snprintf(buf, len, "?");
}

int resolver_lookup(const char *host, resolved_t *out, const char **err) {
    struct addrinfo hints, *res = NULL, *ai;
    int rc, i;

    memset(out, 0, sizeof *out);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_CANONNAME;

    rc = getaddrinfo(host, NULL, &hints, &res); // BLOCKING: dns
    if (rc != 0) {
        *err = gai_strerror(rc);
        return rc;
    }
    if (res->ai_canonname) snprintf(out->canonical, sizeof out->canonical, "%s", res->ai_canonname);
    for (ai = res; ai != NULL && out->count < RESOLVER_MAX_ADDRS; ai = ai->ai_next) {
        char text[INET6_ADDRSTRLEN];
        int dup = 0;
        format_addr(ai, text, sizeof text);
        for (i = 0; i < out->count; i++)
            if (strcmp(out->addrs[i], text) == 0) dup = 1;
        if (!dup) snprintf(out->addrs[out->count++], INET6_ADDRSTRLEN, "%s", text);
    }
    freeaddrinfo(res);
    return 0;
}
