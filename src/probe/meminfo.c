#include "probe/meminfo.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
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

/* The lookups run once a second in `watch`, over ~55 lines: by hash rather
 * than a scan of every name seen (duplicates) and of the named table. */
#define SEEN_SLOTS  256 /* a power of two, over twice MEMINFO_MAX_FIELDS */
#define NAMED_SLOTS 128

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The index in named[] of a field name with hash h, or -1. The table is
 * built on first use (headroom is single-threaded). */
static int named_find(uint32_t h, const char *name)
{
    static int8_t slots[NAMED_SLOTS]; /* named index + 1 */
    static bool built;
    if (!built) {
        for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
            unsigned sl = fnv1a(named[i].name) & (NAMED_SLOTS - 1);
            while (slots[sl])
                sl = (sl + 1) & (NAMED_SLOTS - 1);
            slots[sl] = (int8_t)(i + 1);
        }
        built = true;
    }
    for (unsigned sl = h & (NAMED_SLOTS - 1); slots[sl]; sl = (sl + 1) & (NAMED_SLOTS - 1))
        if (strcmp(named[slots[sl] - 1].name, name) == 0)
            return slots[sl] - 1;
    return -1;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '(' || c == ')';
}

int meminfo_parse(const char *buf, size_t len, struct meminfo *ret, struct diag *d)
{
    static struct meminfo zero;
    struct meminfo m = zero;
    uint8_t seen[SEEN_SLOTS] = {0}; /* field index + 1 */
    struct lines it;
    const char *s;
    size_t n;
    bool seen_total = false, seen_free = false;

    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        const char *e = s + n, *p = s;
        if (n == 0)
            continue;             /* tolerate blank lines */
        uint32_t h = 2166136261u; /* FNV-1a of the name, for the lookups below */
        while (p < e && name_char(*p)) {
            h = (h ^ (unsigned char)*p) * 16777619u;
            p++;
        }
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
        /* duplicates: an open-addressing set of the names seen so far */
        unsigned slot = h & (SEEN_SLOTS - 1);
        for (; seen[slot]; slot = (slot + 1) & (SEEN_SLOTS - 1)) {
            const char *other = m.fields[seen[slot] - 1].name;
            if (other[nl] == '\0' && memcmp(other, s, nl) == 0) {
                diag_set(d, NULL, it.lineno, 1, "field '%.*s' appears twice", (int)nl, s);
                return -EBADMSG;
            }
        }
        if (m.nfields >= MEMINFO_MAX_FIELDS) {
            diag_set(d, NULL, it.lineno, 1, "more than %d fields", MEMINFO_MAX_FIELDS);
            return -EBADMSG;
        }
        struct meminfo_field *f = &m.fields[m.nfields++];
        seen[slot] = (uint8_t)m.nfields;
        memcpy(f->name, s, nl);
        f->name[nl] = '\0';
        f->value = v;
        f->kb = kb;
        int k = named_find(h, f->name);
        if (k >= 0) {
            *(uint64_t *)((char *)&m + named[k].off) = v;
            if (k == 0)
                seen_total = true;
            else if (k == 1)
                seen_free = true;
            else if (k == 2)
                m.has_mem_available = true;
        }
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

/* named[] indices by name length, for the daemon's variant: a line's name
 * is then compared with the one or two names of its length only. */
#define BY_LEN_MAX 20
static void by_length(uint8_t idx[BY_LEN_MAX][8], uint8_t cnt[BY_LEN_MAX])
{
    memset(cnt, 0, BY_LEN_MAX);
    /* (six names share length 12; the test below keeps this honest) */
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        size_t l = strlen(named[i].name);
        if (l >= BY_LEN_MAX || cnt[l] >= 8)
            abort(); /* a name that does not fit the index: a programming error */
        idx[l][cnt[l]++] = (uint8_t)i;
    }
}

int meminfo_parse_named(const char *buf, size_t len, struct meminfo *ret, struct diag *d)
{
    enum { NNAMED = sizeof(named) / sizeof(named[0]) };
    static uint8_t idx[BY_LEN_MAX][8], cnt[BY_LEN_MAX];
    static bool built;
    if (!built) {
        by_length(idx, cnt);
        built = true;
    }
    uint64_t vals[NNAMED];
    uint64_t have = 0; /* bit k: named[k] was seen */
    _Static_assert(NNAMED <= 64, "one bit per named field");
    const char *p = buf, *end = buf + len;
    unsigned lineno = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end, *s = p;
        p = nl ? nl + 1 : end;
        lineno++;
        if (s == e)
            continue; /* a blank line */
        const char *colon = memchr(s, ':', (size_t)(e - s));
        if (!colon || colon == s) {
            diag_set(d, NULL, lineno, 1, "expected 'Name:' at the start");
            return -EBADMSG;
        }
        size_t namelen = (size_t)(colon - s);
        int k = -1;
        for (unsigned c = 0; namelen < BY_LEN_MAX && c < cnt[namelen] && k < 0; c++)
            if (memcmp(named[idx[namelen][c]].name, s, namelen) == 0)
                k = idx[namelen][c];
        if (k < 0)
            continue; /* not a field the daemon reads: not looked at further */
        if (have & (1ULL << k)) {
            diag_set(d, NULL, lineno, 1, "field '%s' appears twice", named[k].name);
            return -EBADMSG;
        }
        const char *q = skip_blanks(colon + 1, e);
        uint64_t v;
        int r = parse_u64_dec(&q, e, &v);
        if (r < 0) {
            diag_set(d, NULL, lineno, (unsigned)(q - s) + 1,
                     r == -ERANGE ? "number too large" : "expected a number");
            return -EBADMSG;
        }
        q = skip_blanks(q, e);
        if (e - q >= 2 && q[0] == 'k' && q[1] == 'B') {
            q += 2;
            if (!mul_u64(v, 1024, &v)) {
                diag_set(d, NULL, lineno, 1, "size overflows 64 bits");
                return -EBADMSG;
            }
        }
        q = skip_blanks(q, e);
        if (q != e) {
            diag_set(d, NULL, lineno, (unsigned)(q - s) + 1, "unexpected text after the value");
            return -EBADMSG;
        }
        vals[k] = v;
        have |= 1ULL << k;
    }
    if (!(have & 1) || !(have & 2)) {
        diag_set(d, NULL, lineno ? lineno : 1, 0, "no %s line",
                 (have & 1) ? "MemFree" : "MemTotal");
        return -EBADMSG;
    }
    for (size_t k = 0; k < NNAMED; k++)
        *(uint64_t *)((char *)ret + named[k].off) = (have & (1ULL << k)) ? vals[k] : 0;
    ret->nfields = 0;
    ret->has_mem_available = (have & 4) != 0;
    if (!ret->has_mem_available)
        ret->mem_available = sat_sub_u64(
            sat_add_u64(sat_add_u64(ret->mem_free, ret->buffers), ret->cached), ret->shmem);
    return 0;
}

uint64_t meminfo_used(const struct meminfo *m)
{
    return sat_sub_u64(m->mem_total, m->mem_available);
}

uint64_t meminfo_buff_cache(const struct meminfo *m)
{
    return sat_add_u64(sat_add_u64(m->cached, m->buffers), m->s_reclaimable);
}

uint64_t meminfo_reclaimable_cache(const struct meminfo *m)
{
    return sat_sub_u64(meminfo_buff_cache(m), m->shmem);
}

uint64_t meminfo_held_by_programs(const struct meminfo *m)
{
    return sat_sub_u64(meminfo_host_view_used(m), meminfo_reclaimable_cache(m));
}

uint64_t meminfo_host_view_used(const struct meminfo *m)
{
    return sat_sub_u64(m->mem_total, m->mem_free);
}

uint64_t meminfo_swap_used(const struct meminfo *m)
{
    return sat_sub_u64(m->swap_total, m->swap_free);
}

uint64_t meminfo_file_cache(const struct meminfo *m)
{
    return sat_add_u64(sat_add_u64(m->active_file, m->inactive_file), m->s_reclaimable);
}

uint64_t meminfo_droppable_cache(const struct meminfo *m)
{
    return sat_sub_u64(meminfo_reclaimable_cache(m), m->mapped);
}

uint64_t meminfo_droppable_page_cache(const struct meminfo *m)
{
    return sat_sub_u64(sat_sub_u64(sat_add_u64(m->cached, m->buffers), m->shmem), m->mapped);
}
