#include "probe/alsa.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 32
#define MAX_WORD  128

/* A small reader of alsa-lib's configuration syntax (alsa-lib src/conf.c,
 * documented in its "Configuration files" page): words, quoted strings,
 * '{' '}' for compounds, '[' ']' for arrays, '=' ',' ';' as separators,
 * '#' comments to the end of the line, <file> includes (skipped). A key is
 * a dotted path whose parts may start with a mode character (! ? + -).
 * Only what decides pcm.default is kept. */
struct reader {
    const char *p, *end;
    unsigned line;
    enum alsa_default result;
    /* the path of compound keys we are inside, without mode characters */
    char path[MAX_DEPTH][MAX_WORD];
    unsigned depth;
    unsigned opened[MAX_DEPTH]; /* the depth before each open '{' */
    unsigned levels;
};

enum tok { T_END, T_WORD, T_OPEN, T_CLOSE, T_AOPEN, T_ACLOSE, T_SEP, T_BAD };

static enum tok next(struct reader *r, char *word, size_t n)
{
    for (;;) {
        while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r' || *r->p == '\n')) {
            if (*r->p == '\n')
                r->line++;
            r->p++;
        }
        if (r->p < r->end && *r->p == '#') {
            while (r->p < r->end && *r->p != '\n')
                r->p++;
            continue;
        }
        break;
    }
    if (r->p >= r->end)
        return T_END;
    char c = *r->p;
    if (c == '{' || c == '}' || c == '[' || c == ']' || c == '=' || c == ',' || c == ';') {
        r->p++;
        return c == '{'   ? T_OPEN
               : c == '}' ? T_CLOSE
               : c == '[' ? T_AOPEN
               : c == ']' ? T_ACLOSE
                          : T_SEP;
    }
    size_t k = 0;
    if (c == '"' || c == '\'' || c == '<') {
        char close = c == '<' ? '>' : c;
        r->p++;
        while (r->p < r->end && *r->p != close) {
            if (*r->p == '\\' && r->p + 1 < r->end)
                r->p++;
            if (*r->p == '\n')
                r->line++;
            if (k + 1 < n)
                word[k++] = *r->p;
            r->p++;
        }
        if (r->p >= r->end)
            return T_BAD;
        r->p++;
        word[k] = '\0';
        if (close == '>') /* an include: not followed */
            return next(r, word, n);
        return T_WORD;
    }
    /* memchr, not strchr: a NUL byte is part of a word, never a separator
     * that would leave p where it was (an endless loop on such input) */
    static const char seps[] = " \t\r\n{}[]=,;#\"'";
    while (r->p < r->end && !memchr(seps, *r->p, sizeof(seps) - 1)) {
        if (k + 1 < n)
            word[k++] = *r->p;
        r->p++;
    }
    word[k] = '\0';
    return T_WORD;
}

/* The current path with the dotted key's parts appended (mode characters
 * dropped) into out; returns the number of parts. */
static unsigned key_path(struct reader *r, const char *key, char (*out)[MAX_WORD], unsigned cap)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->depth && n < cap; i++)
        snprintf(out[n++], MAX_WORD, "%s", r->path[i]);
    const char *s = key;
    while (*s && n < cap) {
        while (*s == '!' || *s == '?' || *s == '+' || *s == '-')
            s++;
        size_t l = strcspn(s, ".");
        snprintf(out[n++], MAX_WORD, "%.*s", (int)l, s);
        s += l;
        if (*s == '.')
            s++;
    }
    return n;
}

static bool is_default(char (*p)[MAX_WORD], unsigned n)
{
    return n >= 2 && strcmp(p[0], "pcm") == 0 && strcmp(p[1], "default") == 0;
}

static void decide(struct reader *r, char (*p)[MAX_WORD], unsigned n, const char *value)
{
    if (!is_default(p, n))
        return;
    if (n == 2) /* pcm.default NAME: an alias */
        r->result = strcmp(value, "pulse") == 0 ? ALSA_DEFAULT_PULSE : ALSA_DEFAULT_OTHER;
    else if (n == 3 && strcmp(p[2], "type") == 0)
        r->result = strcmp(value, "pulse") == 0 ? ALSA_DEFAULT_PULSE : ALSA_DEFAULT_OTHER;
}

static int bad(struct reader *r, struct diag *d, const char *what)
{
    diag_set(d, NULL, r->line, 0, "%s", what);
    return -EBADMSG;
}

int alsa_default_parse(const char *buf, size_t len, enum alsa_default *ret, struct diag *d)
{
    struct reader r;
    memset(&r, 0, sizeof(r));
    r.p = buf;
    r.end = buf + len;
    r.line = 1;
    char word[MAX_WORD], value[MAX_WORD], full[MAX_DEPTH + 8][MAX_WORD];
    bool pulse_hook = false;
    for (;;) {
        enum tok t = next(&r, word, sizeof(word));
        if (t == T_END)
            break;
        if (t == T_BAD)
            return bad(&r, d, "unterminated string");
        if (t == T_CLOSE) {
            if (r.levels == 0)
                return bad(&r, d, "'}' without '{'");
            r.depth = r.opened[--r.levels];
            continue;
        }
        if (t == T_SEP)
            continue;
        if (t != T_WORD)
            return bad(&r, d, "expected a key");
        if (strstr(word, "pulse-alsa.conf")) /* a hook's file list */
            pulse_hook = true;
        /* key [=] value | key { ... } | key [ ... ] */
        unsigned n = key_path(&r, word, full, MAX_DEPTH + 8);
        t = next(&r, value, sizeof(value));
        while (t == T_SEP)
            t = next(&r, value, sizeof(value));
        if (t == T_OPEN) {
            if (r.levels >= MAX_DEPTH || n > MAX_DEPTH)
                return bad(&r, d, "nested deeper than 32");
            /* the whole dotted key becomes the path inside; a compound
             * "pcm.a.b {" closes with one '}', so it counts as one level */
            r.opened[r.levels++] = r.depth;
            for (unsigned i = r.depth; i < n && r.depth < MAX_DEPTH; i++)
                snprintf(r.path[r.depth++], MAX_WORD, "%s", full[i]);
            continue;
        }
        if (t == T_AOPEN) { /* an array: its words are values, checked for the hook file */
            int level = 1;
            while (level > 0) {
                t = next(&r, value, sizeof(value));
                if (t == T_END || t == T_BAD)
                    return bad(&r, d, "'[' without ']'");
                if (t == T_AOPEN || t == T_OPEN)
                    level++;
                else if (t == T_ACLOSE || t == T_CLOSE)
                    level--;
                else if (t == T_WORD && strstr(value, "pulse-alsa.conf"))
                    pulse_hook = true;
                if (level > MAX_DEPTH)
                    return bad(&r, d, "nested deeper than 32");
            }
            continue;
        }
        if (t == T_CLOSE || t == T_ACLOSE || t == T_END)
            return bad(&r, d, "a key without a value");
        if (t == T_BAD)
            return bad(&r, d, "unterminated string");
        if (strstr(value, "pulse-alsa.conf"))
            pulse_hook = true;
        decide(&r, full, n, value);
    }
    if (r.levels)
        return bad(&r, d, "'{' without '}'");
    *ret = r.result != ALSA_DEFAULT_UNSET ? r.result
           : pulse_hook                   ? ALSA_DEFAULT_PULSE
                                          : ALSA_DEFAULT_UNSET;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return alsa_default_parse(buf, len, ret, d);
}

/* Reads one file; records a malformed one. Returns the file's answer. */
static enum alsa_default read_one(const struct rootfs *r, const char *path, struct alsa_info *a,
                                  bool *found)
{
    enum alsa_default v = ALSA_DEFAULT_UNSET;
    struct probe_status st = {0};
    *found = false;
    if (probe_load(r, path, PROBE_CAP_SMALL, parse_cb, &v, &st) == 0) {
        *found = true;
        return v;
    }
    if (st.state == PROBE_MALFORMED && !a->malformed) {
        a->malformed = true;
        snprintf(a->bad_file, sizeof(a->bad_file), "/%.120s", path);
        a->diag = st.diag;
    }
    return ALSA_DEFAULT_UNSET;
}

void alsa_read(const struct rootfs *r, struct alsa_info *a)
{
    memset(a, 0, sizeof(*a));
    a->configured = rootfs_exists(r, "etc/alsa") || rootfs_exists(r, "etc/asound.conf");
    char **names;
    size_t n;
    static const char *const conf[] = {"*.conf", NULL};
    if (rootfs_glob(r, "etc/alsa/conf.d", conf, 64, &names, &n) == 0) {
        for (size_t i = 0; i < n; i++) { /* sorted, as alsa-lib loads them */
            char path[300];
            snprintf(path, sizeof(path), "etc/alsa/conf.d/%.200s", names[i]);
            bool found;
            enum alsa_default v = read_one(r, path, a, &found);
            a->files_read += found;
            if (v != ALSA_DEFAULT_UNSET) {
                a->system = v;
                snprintf(a->system_from, sizeof(a->system_from), "/%.120s", path);
            }
        }
        rootfs_names_free(names, n);
    }
    bool found;
    enum alsa_default v = read_one(r, "etc/asound.conf", a, &found);
    a->files_read += found;
    if (v != ALSA_DEFAULT_UNSET) {
        a->system = v;
        snprintf(a->system_from, sizeof(a->system_from), "/etc/asound.conf");
    }
    /* each user's ~/.asoundrc: root's and every home directory's */
    if (rootfs_exists(r, "root") && a->n_users < ALSA_MAX_USERS) {
        snprintf(a->users[a->n_users], sizeof(a->users[0]), "root");
        a->user_default[a->n_users++] = read_one(r, "root/.asoundrc", a, &found);
    }
    if (rootfs_list(r, "home", 64, &names, &n) == 0) {
        for (size_t i = 0; i < n && a->n_users < ALSA_MAX_USERS; i++) {
            char path[300];
            snprintf(path, sizeof(path), "home/%.60s/.asoundrc", names[i]);
            snprintf(a->users[a->n_users], sizeof(a->users[0]), "%.60s", names[i]);
            a->user_default[a->n_users++] = read_one(r, path, a, &found);
        }
        rootfs_names_free(names, n);
    }
}

enum alsa_default alsa_effective(const struct alsa_info *a, unsigned u)
{
    if (u < a->n_users && a->user_default[u] != ALSA_DEFAULT_UNSET)
        return a->user_default[u];
    return a->system;
}
