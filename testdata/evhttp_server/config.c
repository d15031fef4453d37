#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

void config_defaults(config_t *cfg) {
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->http_address, sizeof cfg->http_address, "0.0.0.0");
    cfg->http_port = 8080;
    cfg->side_port = 8081;
    snprintf(cfg->static_root, sizeof cfg->static_root, "./public");
    snprintf(cfg->rotate_command, sizeof cfg->rotate_command, "logrotate -f ./evsrv-logrotate.conf");
    cfg->max_static_bytes = 4u << 20;
    cfg->allow_admin = 0;
}

static char *strip(char *s) {
    char *end;
    while (isspace((unsigned char)*s)) s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1])) *--end = '\0';
    return s;
}

static int apply(config_t *cfg, const char *key, const char *value) {
    if (strcmp(key, "http_address") == 0)
        snprintf(cfg->http_address, sizeof cfg->http_address, "%s", value);
    else if (strcmp(key, "http_port") == 0)
        cfg->http_port = atoi(value);
    else if (strcmp(key, "side_port") == 0)
        cfg->side_port = atoi(value);
    else if (strcmp(key, "static_root") == 0)
        snprintf(cfg->static_root, sizeof cfg->static_root, "%s", value);
    else if (strcmp(key, "rotate_command") == 0)
        snprintf(cfg->rotate_command, sizeof cfg->rotate_command, "%s", value);
    else if (strcmp(key, "max_static_bytes") == 0)
        cfg->max_static_bytes = (size_t)strtoul(value, NULL, 10);
    else if (strcmp(key, "allow_admin") == 0)
        cfg->allow_admin = atoi(value) != 0;
    else
        return -1;
    return 0;
}

/* Reads "key value" lines. Called once from main(), before event_base_dispatch(). */
int config_load(const char *path, config_t *cfg) {
    char line[512];
    int lineno = 0, errors = 0;
    FILE *fp = fopen(path, "r"); // OK: startup, before event_base_dispatch()
    if (fp == NULL) {
        if (errno == ENOENT) return 0; /* defaults only */
        fprintf(stderr, "config %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, fp) != NULL) { // OK: startup, before event_base_dispatch()
        char *key, *value;
        lineno++;
        key = strip(line);
        if (*key == '\0' || *key == '#') continue;
        value = key;
        while (*value && !isspace((unsigned char)*value)) value++;
        if (*value) *value++ = '\0';
        value = strip(value);
        if (apply(cfg, key, value) != 0) {
            fprintf(stderr, "config %s:%d: unknown key '%s'\n", path, lineno, key);
            errors++;
        }
    }
    fclose(fp); // OK: startup, before event_base_dispatch()
    return errors ? -1 : 0;
}
