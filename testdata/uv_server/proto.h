/* Line protocol:
 *   ECHO <text>          echo text back
 *   SAVE <name> <data>   store data as <data_dir>/<name>.blob
 *   SYNC <name>          fsync a stored blob (thread pool)
 *   STATS                server counters
 *   QUIT                 close the connection
 */
#ifndef UVSRV_PROTO_H
#define UVSRV_PROTO_H

#include <stddef.h>

typedef enum {
    CMD_EMPTY = 0,
    CMD_ECHO,
    CMD_SAVE,
    CMD_SYNC,
    CMD_STATS,
    CMD_QUIT,
    CMD_UNKNOWN
} cmd_type_t;

typedef struct command {
    cmd_type_t type;
    const char *verb;
    const char *name; /* first argument, NUL-terminated inside the line buffer */
    const char *rest; /* remainder of the line */
    size_t rest_len;
} command_t;

/* Parses `line` in place (it is modified). Returns 0 on success, -1 with *err set on error. */
int proto_parse_line(char *line, size_t len, command_t *out, const char **err);
int proto_valid_name(const char *name);
const char *proto_cmd_name(cmd_type_t type);

#endif
