#include "probe/meminfo.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"

static const struct {
    const char *name;
    size_t off;
} named[] = {
#define F(n, f)                                                                                    \
    {                                                                                              \
        n, offsetof(struct meminfo, f)                                                             \
    }
    F("MemTotal", mem_total),
    F("MemFree", mem_free),
    F("MemAvailable", mem_available),
    F("Buffers", buffers),
    F("Cached", cached),
    F("SwapCached", swap_cached),
    F("Active", active),
    F("Inactive", inactive),
    F("Active(anon)", active_anon),
    F("Inactive(anon)", inactive_anon),
    F("Active(file)", active_file),
    F("Inactive(file)", inactive_file),
    F("Unevictable", unevictable),
    F("Mlocked", mlocked),
    F("SwapTotal", swap_total),
    F("SwapFree", swap_free),
    F("Dirty", dirty),
    F("Writeback", writeback),
    F("AnonPages", anon_pages),
    F("Mapped", mapped),
    F("Shmem", shmem),
    F("KReclaimable", kreclaimable),
    F("Slab", slab),
    F("SReclaimable", s_reclaimable),
    F("SUnreclaim", s_unreclaim),
    F("PageTables", page_tables),
    F("CommitLimit", commit_limit),
    F("Committed_AS", committed_as),
    F("Hugetlb", hugetlb),
    F("HugePages_Total", hugepages_total),
    F("HugePages_Free", hugepages_free),
    F("Hugepagesize", hugepagesize),
#undef F
};

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '(' || c == ')';
}

int meminfo_parse(const char *buf, size_t len, struct meminfo *ret, struct diag *d)
{
    static struct meminfo zero;
    struct meminfo m = zero;
    struct lines it;
    const char *s;
    size_t n;
    bool seen_total = false, seen_free = false;

    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        const char *e = s + n, *p = s;
        if (n == 0)
            continue; /* tolerate blank lines */
        while (p < e && name_char(*p))
            p++;
        size_t nl = (size_t)(p - s);
        if (nl == 0 || nl >= sizeof(m.fields[0].name) || p >= e || *p != ':') {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "expected 'Name:' at the start");
            return -EBADMSG;
        }
        p = skip_blanks(p + 1, e);
        uint64_t v;
        int r = parse_u64_dec(&p, e, &v);
        if (r < 0) {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1,
                     r == -ERANGE ? "number too large" : "expected a number");
            return -EBADMSG;
        }
        p = skip_blanks(p, e);
        bool kb = false;
        if (e - p >= 2 && p[0] == 'k' && p[1] == 'B') {
            kb = true;
            p += 2;
            if (!mul_u64(v, 1024, &v)) {
                diag_set(d, NULL, it.lineno, 1, "size overflows 64 bits");
                return -EBADMSG;
            }
        }
        p = skip_blanks(p, e);
        if (p != e) {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "unexpected text after the value");
            return -EBADMSG;
        }
        for (size_t i = 0; i < m.nfields; i++) {
            if (m.fields[i].name[0] == s[0] && m.fields[i].name[nl] == '\0' &&
                memcmp(m.fields[i].name, s, nl) == 0) {
                diag_set(d, NULL, it.lineno, 1, "field '%.*s' appears twice", (int)nl, s);
                return -EBADMSG;
            }
        }
        if (m.nfields >= MEMINFO_MAX_FIELDS) {
            diag_set(d, NULL, it.lineno, 1, "more than %d fields", MEMINFO_MAX_FIELDS);
            return -EBADMSG;
        }
        struct meminfo_field *f = &m.fields[m.nfields++];
        memcpy(f->name, s, nl);
        f->name[nl] = '\0';
        f->value = v;
        f->kb = kb;
        for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
            if (named[i].name[0] == f->name[0] && strcmp(named[i].name, f->name) == 0) {
                *(uint64_t *)((char *)&m + named[i].off) = v;
                break;
            }
        }
        if (strcmp(f->name, "MemTotal") == 0)
            seen_total = true;
        else if (strcmp(f->name, "MemFree") == 0)
            seen_free = true;
        else if (strcmp(f->name, "MemAvailable") == 0)
            m.has_mem_available = true;
    }
    if (!seen_total || !seen_free) {
        diag_set(d, NULL, it.lineno ? it.lineno : 1, 0, "no %s line",
                 seen_total ? "MemFree" : "MemTotal");
        return -EBADMSG;
    }
    if (!m.has_mem_available) {
        uint64_t est = sat_add_u64(sat_add_u64(m.mem_free, m.buffers), m.cached);
        m.mem_available = sat_sub_u64(est, m.shmem);
    }
    *ret = m;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return meminfo_parse(buf, len, ret, d);
}

int meminfo_read(const struct rootfs *r, struct meminfo *ret, struct probe_status *st)
{
    return probe_load(r, "proc/meminfo", PROBE_CAP_SMALL, parse_cb, ret, st);
}

bool meminfo_get(const struct meminfo *m, const char *name, uint64_t *ret)
{
    for (size_t i = 0; i < m->nfields; i++) {
        if (strcmp(m->fields[i].name, name) == 0) {
            *ret = m->fields[i].value;
            return true;
        }
    }
    return false;
}
