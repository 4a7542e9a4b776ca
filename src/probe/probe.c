#include "probe/probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"

const char *probe_state_name(enum probe_state s)
{
    switch (s) {
    case PROBE_OK:
        return "ok";
    case PROBE_UNAVAILABLE:
        return "unavailable";
    case PROBE_MALFORMED:
        return "malformed";
    case PROBE_UNREAD:
        break;
    }
    return "unread";
}

const char *probe_status_reason(const struct probe_status *st, char *buf, size_t n)
{
    switch (st->state) {
    case PROBE_OK:
        snprintf(buf, n, "ok");
        break;
    case PROBE_UNREAD:
        snprintf(buf, n, "not read");
        break;
    case PROBE_UNAVAILABLE:
        switch (-st->error) {
        case ENOENT:
            snprintf(buf, n, "not present");
            break;
        case EACCES:
        case EPERM:
            snprintf(buf, n, "permission denied");
            break;
        case EOPNOTSUPP:
            snprintf(buf, n, "switched off in this kernel");
            break;
        case EXDEV:
            snprintf(buf, n, "a link leads outside the root");
            break;
        default:
            snprintf(buf, n, "%s", strerror(-st->error));
            break;
        }
        break;
    case PROBE_MALFORMED: {
        char d[600];
        diag_format(&st->diag, d, sizeof(d));
        snprintf(buf, n, "malformed: %s", d);
        break;
    }
    }
    return buf;
}

int probe_read_file(const struct rootfs *r, const char *path, size_t cap, struct strbuf *out,
                    struct probe_status *st)
{
    strbuf_reset(out);
    st->path = path;
    int e = rootfs_read(r, path, cap, out);
    if (e == 0)
        return 0;
    if (e == -EFBIG) {
        st->state = PROBE_MALFORMED;
        diag_set(&st->diag, path, 0, 0, "larger than %zu bytes; not read", cap);
        return e;
    }
    const char *bad = rootfs_refusal(e);
    if (bad) {
        /* a FIFO, device, directory or escaping link where a file belongs:
         * bad input, not a missing file (rootfs_read() refuses them without
         * blocking) */
        st->state = PROBE_MALFORMED;
        diag_set(&st->diag, path, 0, 0, "%s; not read", bad);
        return e;
    }
    st->state = PROBE_UNAVAILABLE;
    st->error = e;
    return e;
}

void probe_set_malformed(struct probe_status *st, const struct diag *d)
{
    st->state = PROBE_MALFORMED;
    st->diag = *d;
    if (!st->diag.file[0] && st->path)
        diag_set_file(&st->diag, st->path);
}

void probe_set_ok(struct probe_status *st)
{
    st->state = PROBE_OK;
    st->error = 0;
}

int probe_load(const struct rootfs *r, const char *path, size_t cap, probe_parse_fn parse,
               void *ret, struct probe_status *st)
{
    struct strbuf sb = STRBUF_INIT;
    int e = probe_read_file(r, path, cap, &sb, st);
    if (e == 0) {
        struct diag d;
        diag_clear(&d);
        e = parse(sb.buf, sb.len, ret, &d);
        if (e < 0)
            probe_set_malformed(st, &d);
        else
            probe_set_ok(st);
    }
    strbuf_release(&sb);
    return e;
}

int probe_kv_parse(const char *buf, size_t len, const struct probe_kv *keys, size_t nkeys,
                   void *base, uint64_t *ret_seen, struct diag *d)
{
    uint64_t seen = 0;
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        if (n == 0)
            continue;
        const char *sp = memchr(s, ' ', n);
        if (!sp || sp == s) {
            diag_set(d, NULL, it.lineno, 1, "expected 'name value'");
            return -EBADMSG;
        }
        const char *p = sp + 1, *e = s + n;
        uint64_t v;
        int r = parse_u64_dec(&p, e, &v);
        if (r < 0 || p != e) {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1,
                     r == -ERANGE ? "number too large" : "expected a number");
            return -EBADMSG;
        }
        size_t kn = (size_t)(sp - s);
        for (size_t i = 0; i < nkeys; i++) {
            if (strlen(keys[i].key) != kn || memcmp(keys[i].key, s, kn) != 0)
                continue;
            *(uint64_t *)((char *)base + keys[i].off) = v;
            if (i < 64)
                seen |= (uint64_t)1 << i;
            break;
        }
    }
    *ret_seen = seen;
    return 0;
}
