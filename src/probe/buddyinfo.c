#include "probe/buddyinfo.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"

int buddyinfo_parse(const char *buf, size_t len, struct buddyinfo *ret, struct diag *d)
{
    struct buddyinfo b;
    memset(&b, 0, sizeof(b));
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        const char *e = s + n, *p = s;
        if (n == 0)
            continue;
        if (b.n >= BUDDY_MAX_ZONES) {
            diag_set(d, NULL, it.lineno, 1, "more than %d zones", BUDDY_MAX_ZONES);
            return -EBADMSG;
        }
        struct buddy_zone *z = &b.zones[b.n];
        uint64_t node;
        if (e - p < 5 || memcmp(p, "Node ", 5) != 0) {
            diag_set(d, NULL, it.lineno, 1, "expected 'Node N, zone NAME'");
            return -EBADMSG;
        }
        p += 5;
        if (parse_u64_dec(&p, e, &node) < 0 || node > 65535 || p >= e || *p != ',') {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "expected a node number and ','");
            return -EBADMSG;
        }
        z->node = (unsigned)node;
        p = skip_blanks(p + 1, e);
        if (e - p < 5 || memcmp(p, "zone ", 5) != 0) {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "expected 'zone'");
            return -EBADMSG;
        }
        p = skip_blanks(p + 5, e);
        const char *zn = p;
        while (p < e && *p != ' ' && *p != '\t')
            p++;
        if (p == zn || (size_t)(p - zn) >= sizeof(z->zone)) {
            diag_set(d, NULL, it.lineno, (unsigned)(zn - s) + 1, "bad zone name");
            return -EBADMSG;
        }
        memcpy(z->zone, zn, (size_t)(p - zn));
        for (;;) {
            p = skip_blanks(p, e);
            if (p >= e)
                break;
            if (z->norders >= BUDDY_MAX_ORDERS) {
                diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "more than %d orders",
                         BUDDY_MAX_ORDERS);
                return -EBADMSG;
            }
            if (parse_u64_dec(&p, e, &z->free[z->norders]) < 0) {
                diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "expected a count");
                return -EBADMSG;
            }
            z->norders++;
        }
        if (z->norders == 0) {
            diag_set(d, NULL, it.lineno, (unsigned)n + 1, "no counts");
            return -EBADMSG;
        }
        b.n++;
    }
    *ret = b;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return buddyinfo_parse(buf, len, ret, d);
}

int buddyinfo_read(const struct rootfs *r, struct buddyinfo *ret, struct probe_status *st)
{
    return probe_load(r, "proc/buddyinfo", PROBE_CAP_SMALL, parse_cb, ret, st);
}

static uint64_t free_orders(const struct buddyinfo *b, unsigned below, uint64_t page_size)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < b->n; i++) {
        const struct buddy_zone *z = &b->zones[i];
        for (unsigned o = 0; o < z->norders && o < below; o++) {
            uint64_t bytes;
            if (!mul_u64(z->free[o], page_size << o, &bytes))
                return UINT64_MAX;
            sum = sat_add_u64(sum, bytes);
        }
    }
    return sum;
}

uint64_t buddyinfo_free_below(const struct buddyinfo *b, unsigned order, uint64_t page_size)
{
    return free_orders(b, order, page_size);
}

uint64_t buddyinfo_free_total(const struct buddyinfo *b, uint64_t page_size)
{
    return free_orders(b, BUDDY_MAX_ORDERS, page_size);
}
