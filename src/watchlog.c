#include "watchlog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/json-read.h"
#include "util/lines.h"
#include "util/xalloc.h"

int watchlog_time_parse(const char *s, int64_t *ret_ms)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    int ms = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &n) != 6 ||
        n != 19)
        return -EINVAL;
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        int digits = 0;
        while (*p >= '0' && *p <= '9') {
            if (digits < 3)
                ms = ms * 10 + (*p - '0');
            digits++;
            p++;
        }
        if (digits == 0)
            return -EINVAL;
        for (; digits < 3; digits++)
            ms *= 10;
    }
    if (strcmp(p, "Z") != 0)
        return -EINVAL;
    if (tm.tm_year < 1970 || tm.tm_year > 9999 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
        tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return -EINVAL;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    *ret_ms = (int64_t)t * 1000 + ms;
    return 0;
}

static bool get_u64(const struct jv *o, const char *k, uint64_t *ret)
{
    const struct jv *v = jv_get(o, k);
    if (!v || v->type != JV_NUMBER || !v->is_u64)
        return false;
    *ret = v->u;
    return true;
}

int watchlog_parse(const char *buf, size_t len, struct watchlog *ret, struct diag *d)
{
    struct watchlog l;
    memset(&l, 0, sizeof(l));
    size_t salloc = 0, ealloc = 0;
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        if (n && s[n - 1] == '\r')
            n--;
        if (n == 0)
            continue;
        if (it.lineno > WATCHLOG_MAX_LINES) {
            diag_set(d, NULL, it.lineno, 1, "more than %d lines", WATCHLOG_MAX_LINES);
            goto bad;
        }
        struct json_doc doc;
        struct diag jd;
        diag_clear(&jd);
        if (json_doc_parse(s, n, &doc, &jd) < 0) {
            diag_set(d, NULL, it.lineno, jd.column, "%s", jd.message);
            goto bad;
        }
        const struct jv *o = doc.root;
        const struct jv *tv = jv_get(o, "time"), *ev = jv_get(o, "event");
        int64_t t;
        if (!tv || tv->type != JV_STRING || watchlog_time_parse(tv->s, &t) < 0 || !ev ||
            ev->type != JV_STRING) {
            json_doc_release(&doc);
            diag_set(d, NULL, it.lineno, 1, "expected \"time\" (UTC, ISO 8601) and \"event\"");
            goto bad;
        }
        if (strcmp(ev->s, "sample") == 0) {
            struct watch_sample x = {.t_ms = t};
            if (!get_u64(o, "mem_total", &x.mem_total) || !get_u64(o, "mem_free", &x.mem_free) ||
                !get_u64(o, "mem_available", &x.mem_available) ||
                !get_u64(o, "file_cache", &x.file_cache) || x.mem_free > x.mem_total) {
                json_doc_release(&doc);
                diag_set(d, NULL, it.lineno, 1,
                         "a sample needs mem_total, mem_free <= mem_total, mem_available and "
                         "file_cache as whole numbers");
                goto bad;
            }
            const struct jv *psi = jv_get(o, "psi_some_avg10");
            if (psi && psi->type == JV_NUMBER && psi->d >= 0 && psi->d <= 100) {
                x.has_psi = true;
                x.psi_some_avg10 = psi->d;
            }
            l.samples = xgrow(l.samples, l.nsamples + 1, sizeof(*l.samples), &salloc);
            l.samples[l.nsamples++] = x;
        } else if (strcmp(ev->s, "drop") == 0 || strcmp(ev->s, "reclaim") == 0) {
            struct watch_event e;
            memset(&e, 0, sizeof(e));
            e.t_ms = t;
            snprintf(e.kind, sizeof(e.kind), "%s", ev->s);
            get_u64(o, "bytes_freed", &e.bytes_freed);
            const struct jv *dr = jv_get(o, "dry_run"), *er = jv_get(o, "error"),
                            *rs = jv_get(o, "reason");
            e.dry_run = dr && dr->type == JV_BOOL && dr->b;
            e.failed = er && er->type == JV_STRING;
            if (rs && rs->type == JV_STRING)
                snprintf(e.reason, sizeof(e.reason), "%s", rs->s);
            l.events = xgrow(l.events, l.nevents + 1, sizeof(*l.events), &ealloc);
            l.events[l.nevents++] = e;
        } else {
            l.other_lines++;
        }
        json_doc_release(&doc);
    }
    *ret = l;
    return 0;
bad:
    free(l.samples);
    free(l.events);
    return -EBADMSG;
}

void watchlog_release(struct watchlog *l)
{
    free(l->samples);
    free(l->events);
    memset(l, 0, sizeof(*l));
}
