#include "watchlog-write.h"

#include <string.h>
#include <time.h>

#include "out/json.h"

static void write_time(FILE *f)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char b[40];
    strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(f, "{\"time\":\"%s.%03ldZ\"", b, ts.tv_nsec / 1000000);
}

static void write_str(FILE *f, const char *k, const char *v)
{
    fprintf(f, ",\"%s\":", k);
    if (v)
        json_write_string(f, v, strlen(v));
    else
        fputs("null", f);
}

static void end_line(FILE *f)
{
    fputs("}\n", f);
    fflush(f);
}

void watchlog_write_event(FILE *f, const char *event, const char *mode, const char *detail)
{
    write_time(f);
    write_str(f, "event", event);
    write_str(f, "mode", mode);
    if (detail)
        write_str(f, "detail", detail);
    end_line(f);
}

void watchlog_write_sample(FILE *f, const struct watch_sample *s)
{
    write_time(f);
    write_str(f, "event", "sample");
    fprintf(f, ",\"mem_total\":%llu,\"mem_free\":%llu,\"mem_available\":%llu,\"file_cache\":%llu",
            (unsigned long long)s->mem_total, (unsigned long long)s->mem_free,
            (unsigned long long)s->mem_available, (unsigned long long)s->file_cache);
    if (s->has_psi)
        fprintf(f, ",\"psi_some_avg10\":%.2f", s->psi_some_avg10);
    end_line(f);
}

void watchlog_write_action(FILE *f, const struct watchlog_action *a)
{
    write_time(f);
    write_str(f, "event", a->event);
    write_str(f, "mode", a->mode);
    write_str(f, "target", a->target);
    if (a->value && a->value[0])
        write_str(f, "value", a->value);
    fprintf(f, ",\"bytes_asked\":%llu,\"bytes_freed\":%llu,\"duration_ms\":%.3f",
            (unsigned long long)a->bytes_asked, (unsigned long long)a->bytes_freed, a->duration_ms);
    if (a->has_reclaim_detail)
        fprintf(f, ",\"eagain\":%u,\"timed_out\":%s", a->eagain, a->timed_out ? "true" : "false");
    fprintf(f, ",\"compacted\":%s,\"protected\":%llu", a->compacted ? "true" : "false",
            (unsigned long long)a->protected_bytes);
    write_str(f, "reason", a->reason);
    fprintf(f, ",\"dry_run\":%s", a->dry_run ? "true" : "false");
    write_str(f, "error", a->error);
    end_line(f);
}
