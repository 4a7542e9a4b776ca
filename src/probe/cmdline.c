#include "probe/cmdline.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "util/parse.h"

static int kstrtobool(const char *v, size_t n)
{
    if (n == 0)
        return -1;
    switch (v[0]) {
    case '1':
    case 'y':
    case 'Y':
        return 1;
    case '0':
    case 'n':
    case 'N':
        return 0;
    case 'o':
    case 'O':
        if (n >= 2 && (v[1] == 'n' || v[1] == 'N'))
            return 1;
        if (n >= 2 && (v[1] == 'f' || v[1] == 'F'))
            return 0;
        break;
    }
    return -1;
}

int cmdline_parse(const char *buf, size_t len, struct cmdline *ret, struct diag *d)
{
    struct cmdline c;
    memset(&c, 0, sizeof(c));
    c.psi = -1;
    const char *e = buf + len;
    while (e > buf && (e[-1] == '\n' || e[-1] == '\0'))
        e--;
    size_t rl = (size_t)(e - buf);
    if (memchr(buf, '\n', rl) || memchr(buf, '\0', rl)) {
        diag_set(d, NULL, 1, 0, "more than one line");
        return -EBADMSG;
    }
    if (rl >= sizeof(c.raw))
        rl = sizeof(c.raw) - 1;
    memcpy(c.raw, buf, rl);

    const char *p = buf;
    while (p < e) {
        while (p < e && *p == ' ')
            p++;
        if (p >= e)
            break;
        const char *tok = p;
        bool quoted = false;
        while (p < e && (quoted || *p != ' ')) {
            if (*p == '"')
                quoted = !quoted;
            p++;
        }
        size_t tn = (size_t)(p - tok);
        const char *eq = memchr(tok, '=', tn);
        if (!eq)
            continue;
        size_t kn = (size_t)(eq - tok);
        const char *v = eq + 1, *ve = tok + tn;
        if (ve > v && *v == '"') {
            v++;
            if (ve > v && ve[-1] == '"')
                ve--;
        }
        unsigned col = (unsigned)(v - buf) + 1;
        if (kn == 7 && memcmp(tok, "nr_cpus", 7) == 0) {
            const char *q = v;
            if (parse_u64_dec(&q, ve, &c.nr_cpus) < 0 || q != ve) {
                diag_set(d, NULL, 1, col, "nr_cpus= is not a number");
                return -EBADMSG;
            }
            c.has_nr_cpus = true;
        } else if (kn == 35 && memcmp(tok, "page_reporting.page_reporting_order", 35) == 0) {
            const char *q = v;
            if (parse_u64_dec(&q, ve, &c.page_reporting_order) < 0 || q != ve) {
                diag_set(d, NULL, 1, col, "page_reporting_order= is not a number");
                return -EBADMSG;
            }
            c.has_page_reporting_order = true;
        } else if (kn == 3 && memcmp(tok, "psi", 3) == 0) {
            c.psi = kstrtobool(v, (size_t)(ve - v));
        }
    }
    *ret = c;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return cmdline_parse(buf, len, ret, d);
}

int cmdline_read(const struct rootfs *r, struct cmdline *ret, struct probe_status *st)
{
    return probe_load(r, "proc/cmdline", PROBE_CAP_SMALL, parse_cb, ret, st);
}
