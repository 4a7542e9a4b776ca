/* headroom watch's JSON log (--log FILE, else stdout): events, errors and
 * the sample lines the report's timeline reads (src/watchlog.c). */
#include <string.h>
#include <time.h>

#include "cmd/watch.h"
#include "out/json.h"

void log_time(FILE *f)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char b[40];
    strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(f, "{\"time\":\"%s.%03ldZ\"", b, ts.tv_nsec / 1000000);
}

void log_kv_str(FILE *f, const char *k, const char *v)
{
    fprintf(f, ",\"%s\":", k);
    if (v)
        json_write_string(f, v, strlen(v));
    else
        fputs("null", f);
}

void log_event(struct watch *w, const char *event, const char *detail)
{
    log_time(w->log);
    log_kv_str(w->log, "event", event);
    log_kv_str(w->log, "mode", policy_mode_name(w->policy.cfg.mode));
    if (detail)
        log_kv_str(w->log, "detail", detail);
    fputs("}\n", w->log);
    fflush(w->log);
}

/* One error line when /proc/meminfo stops reading (missing, malformed, not
 * a regular file), one when it reads again: without it watch decides on
 * nothing, and the log must say so rather than go quiet. */
void log_meminfo_state(struct watch *w)
{
    const struct probe_status *st = &w->sampler.meminfo_st;
    if (st->state == PROBE_UNREAD)
        return;
    bool bad = st->state != PROBE_OK;
    if (bad == w->meminfo_failing)
        return;
    w->meminfo_failing = bad;
    if (bad) {
        char why[700], line[800];
        probe_status_reason(st, why, sizeof(why));
        snprintf(line, sizeof(line), "cannot read /proc/meminfo: %s; no reclaim until it reads",
                 why);
        w->errors++;
        log_event(w, "error", line);
    } else {
        log_event(w, "recovered", "/proc/meminfo reads again");
    }
}

void log_sample(struct watch *w, const struct policy_sample *x)
{
    if (!x->has_mem)
        return;
    FILE *f = w->log;
    log_time(f);
    log_kv_str(f, "event", "sample");
    fprintf(f, ",\"mem_total\":%llu,\"mem_free\":%llu,\"mem_available\":%llu,\"file_cache\":%llu",
            (unsigned long long)x->mem_total, (unsigned long long)x->mem_free,
            (unsigned long long)x->mem_available, (unsigned long long)x->file_cache);
    if (x->has_psi)
        fprintf(f, ",\"psi_some_avg10\":%u.%02u", x->psi_some_avg10 / 100, x->psi_some_avg10 % 100);
    fputs("}\n", f);
    fflush(f);
}
