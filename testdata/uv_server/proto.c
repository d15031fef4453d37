#include "proto.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static char *skip_spaces(char *p, char *end) {
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    return p;
}

static char *next_space(char *p, char *end) {
    while (p < end && *p != ' ' && *p != '\t') p++;
    return p;
}

static cmd_type_t classify(const char *verb) {
    if (strcasecmp(verb, "ECHO") == 0) return CMD_ECHO;
    if (strcasecmp(verb, "SAVE") == 0) return CMD_SAVE;
    if (strcasecmp(verb, "SYNC") == 0) return CMD_SYNC;
    if (strcasecmp(verb, "STATS") == 0) return CMD_STATS;
    if (strcasecmp(verb, "QUIT") == 0) return CMD_QUIT;
    return CMD_UNKNOWN;
}

int proto_valid_name(const char *name) {
    size_t n = 0;
    if (name == NULL || *name == '\0' || *name == '.') return 0;
    for (; name[n] != '\0'; n++) {
        unsigned char ch = (unsigned char)name[n];
        if (!isalnum(ch) && ch != '-' && ch != '_' && ch != '.') return 0;
        if (n >= 64) return 0;
    }
    return 1;
}

int proto_parse_line(char *line, size_t len, command_t *out, const char **err) {
    char *end = line + len;
    char *p, *tok_end;

    memset(out, 0, sizeof *out);
    while (end > line && (end[-1] == '\r' || end[-1] == '\n')) end--;
    *end = '\0';

    p = skip_spaces(line, end);
    if (p == end) {
        out->type = CMD_EMPTY;
        return 0;
    }
    tok_end = next_space(p, end);
    out->verb = p;
    if (tok_end < end) *tok_end++ = '\0';
    out->type = classify(out->verb);

    p = skip_spaces(tok_end, end);
    if (out->type == CMD_SAVE || out->type == CMD_SYNC) {
        tok_end = next_space(p, end);
        out->name = p;
        if (tok_end < end) *tok_end++ = '\0';
        if (!proto_valid_name(out->name)) {
            *err = "invalid blob name";
            return -1;
        }
        p = skip_spaces(tok_end, end);
    }
    out->rest = p;
    out->rest_len = (size_t)(end - p);

    if (out->type == CMD_SAVE && out->rest_len == 0) {
        *err = "SAVE needs data";
        return -1;
    }
    return 0;
}

const char *proto_cmd_name(cmd_type_t type) {
    switch (type) {
    case CMD_EMPTY: return "EMPTY";
    case CMD_ECHO: return "ECHO";
    case CMD_SAVE: return "SAVE";
    case CMD_SYNC: return "SYNC";
    case CMD_STATS: return "STATS";
    case CMD_QUIT: return "QUIT";
    case CMD_UNKNOWN: break;
    }
    return "UNKNOWN";
}
