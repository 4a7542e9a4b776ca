/* The report's "Memory over time" section: the watch log's samples as
 * three lines (used, file cache, what Windows sees) and its actions as marks. */
#include <string.h>
#include <time.h>

#include "out/html-parts.h"
#include "out/text.h"
#include "probe/meminfo.h"
#include "util/parse.h"
#include "util/size.h"

double timeline_x(int64_t t, int64_t t0, int64_t t1)
{
    if (t1 <= t0)
        return TIMELINE_X0;
    return report_tenth(TIMELINE_X0 + (double)(t - t0) * TIMELINE_W / (double)(t1 - t0));
}

double timeline_y(uint64_t v, uint64_t max)
{
    if (!max)
        return TIMELINE_Y0 + TIMELINE_H;
    if (v > max)
        v = max;
    return report_tenth(TIMELINE_Y0 + TIMELINE_H - (double)v * TIMELINE_H / (double)max);
}

static void hhmm(int64_t t_ms, char *buf, size_t n)
{
    time_t t = (time_t)(t_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* The memory axis: a grid line and a label at each step, the step the
 * smallest of 256 MiB x 2^k that gives at most five of them. The labels
 * hang inside the plot below their lines, so that a larger font on a phone
 * (the CSS) has room. */
static void y_ticks(FILE *f, uint64_t top)
{
    uint64_t step = 256 * MIB;
    while (top / step > 5)
        step *= 2;
    /* no "0": the plot's floor is zero, and the time labels sit there */
    for (uint64_t v = step; v <= top; v += step) {
        double y = timeline_y(v, top);
        fprintf(f,
                "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                "<text class=\"tick y\" x=\"%d\" y=\"%.1f\">%s</text>\n",
                TIMELINE_X0, TIMELINE_X0 + TIMELINE_W, y, y, TIMELINE_X0 + 4, y + 2, size_str(v));
    }
}

/* The time axis: five labels, hours and minutes (and seconds for a span
 * under ten minutes), UTC as the log records it. */
static void x_ticks(FILE *f, int64_t t0, int64_t t1)
{
    const char *fmt = t1 - t0 < 10 * 60 * 1000 ? "%H:%M:%S" : "%H:%M";
    for (int i = 0; i <= 4; i++) {
        int64_t t = t0 + (t1 - t0) * i / 4;
        time_t secs = (time_t)(t / 1000);
        struct tm tm;
        gmtime_r(&secs, &tm);
        char label[16];
        strftime(label, sizeof(label), fmt, &tm);
        fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>\n",
                timeline_x(t, t0, t1), TIMELINE_Y0 + TIMELINE_H + 14,
                i == 0   ? "start"
                : i == 4 ? "end"
                         : "middle",
                label);
    }
}

/* One polyline over the samples, at most one point per pixel column. */
static void polyline(FILE *f, const struct watchlog *l, int64_t t0, int64_t t1, uint64_t max,
                     const char *cls, const char *id,
                     uint64_t (*value)(const struct watch_sample *))
{
    fprintf(f, "<polyline class=\"%s\" id=\"%s\" fill=\"none\" points=\"", cls, id);
    size_t stride = l->nsamples > TIMELINE_W ? (l->nsamples + TIMELINE_W - 1) / TIMELINE_W : 1;
    for (size_t i = 0; i < l->nsamples; i += stride) {
        const struct watch_sample *x = &l->samples[i];
        fprintf(f, "%s%.1f,%.1f", i ? " " : "", timeline_x(x->t_ms, t0, t1),
                timeline_y(value(x), max));
    }
    fputs("\"/>\n", f);
}

/* The sample's figures as a meminfo reading, so "used" and what the host
 * sees are probe/meminfo.h's own definitions, as in every other section. */
static struct meminfo sample_meminfo(const struct watch_sample *x)
{
    struct meminfo m;
    memset(&m, 0, sizeof(m));
    m.mem_total = x->mem_total;
    m.mem_free = x->mem_free;
    m.mem_available = x->mem_available;
    m.has_mem_available = true;
    return m;
}

static uint64_t v_used(const struct watch_sample *x)
{
    struct meminfo m = sample_meminfo(x);
    return meminfo_used(&m);
}

/* written by the daemon as meminfo_file_cache() of its reading */
static uint64_t v_cache(const struct watch_sample *x)
{
    return x->file_cache;
}

static uint64_t v_host(const struct watch_sample *x)
{
    struct meminfo m = sample_meminfo(x);
    return meminfo_host_view_used(&m);
}

void report_timeline_section(FILE *f, const struct report_model *r)
{
    const struct watchlog *l = r->log;
    fputs("<section id=\"timeline\"><h2>Memory over time</h2>\n", f);
    if (l->nsamples < 2) {
        fputs("<p>The log holds fewer than two samples; run <code>headroom watch --log FILE "
              "--sample-every 1m</code> for a while.</p></section>\n",
              f);
        return;
    }
    int64_t t0 = l->samples[0].t_ms, t1 = l->samples[l->nsamples - 1].t_ms;
    uint64_t max = 0, used_max = 0, host_max = 0, cache_max = 0;
    double psi_max = 0;
    bool psi = false;
    for (size_t i = 0; i < l->nsamples; i++) {
        const struct watch_sample *x = &l->samples[i];
        if (x->mem_total > max)
            max = x->mem_total;
        if (v_used(x) > used_max)
            used_max = v_used(x);
        if (v_host(x) > host_max)
            host_max = v_host(x);
        if (x->file_cache > cache_max)
            cache_max = x->file_cache;
        if (x->has_psi) {
            psi = true;
            if (x->psi_some_avg10 > psi_max)
                psi_max = x->psi_some_avg10;
        }
    }
    /* scale to what is drawn (not MemTotal, which would flatten a mostly
     * idle machine), rounded up to a quarter GiB */
    uint64_t top = used_max > cache_max ? used_max : cache_max;
    if (host_max > top)
        top = host_max;
    top += top / 10;
    top = (top + GIB / 4 - 1) / (GIB / 4) * (GIB / 4);
    if (top > max && max)
        top = max;
    uint64_t freed = 0;
    size_t actions = 0;
    for (size_t i = 0; i < l->nevents; i++)
        if (!l->events[i].dry_run && !l->events[i].failed) {
            freed += l->events[i].bytes_freed;
            actions++;
        }
    char a[40], b[40];
    hhmm(t0, a, sizeof(a));
    hhmm(t1, b, sizeof(b));
    fprintf(f,
            "<figure><svg role=\"img\" aria-labelledby=\"tl-t tl-d\" viewBox=\"0 0 800 230\" "
            "width=\"800\" height=\"230\" id=\"timeline-chart\" data-samples=\"%zu\">\n",
            l->nsamples);
    fprintf(f, "<title id=\"tl-t\">Guest memory from %s to %s</title>\n", a, b);
    fprintf(f,
            "<desc id=\"tl-d\">%zu samples. Used up to %s, file cache up to %s, what "
            "Windows sees up to %s, of %s. %zu reclaim%s freed %s.%s</desc>\n",
            l->nsamples, size_str(used_max), size_str(cache_max), size_str(host_max), size_str(max),
            actions, actions == 1 ? "" : "s", size_str(freed),
            psi ? " Memory pressure is drawn below." : "");
    fprintf(f,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
            "stroke=\"var(--line)\"/>\n",
            TIMELINE_X0, TIMELINE_Y0, TIMELINE_W, TIMELINE_H);
    y_ticks(f, top);
    x_ticks(f, t0, t1);
    polyline(f, l, t0, t1, top, "line-used", "tl-used", v_used);
    polyline(f, l, t0, t1, top, "line-cache", "tl-cache", v_cache);
    polyline(f, l, t0, t1, top, "line-host", "tl-host", v_host);
    if (psi) {
        double psi_top = psi_max < 10 ? 10 : psi_max;
        fprintf(f, "<polyline class=\"line-psi\" id=\"tl-psi\" fill=\"none\" points=\"");
        size_t stride = l->nsamples > TIMELINE_W ? (l->nsamples + TIMELINE_W - 1) / TIMELINE_W : 1;
        for (size_t i = 0; i < l->nsamples; i += stride) {
            const struct watch_sample *x = &l->samples[i];
            fprintf(f, "%s%.1f,%.1f", i ? " " : "", timeline_x(x->t_ms, t0, t1),
                    report_tenth(218 - (x->has_psi ? x->psi_some_avg10 : 0) / psi_top * 40));
        }
        fprintf(f,
                "\"/><text x=\"%d\" y=\"180\" class=\"tick y\">PSI %.0f%%</text><line "
                "class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"218\" y2=\"218\"/>\n",
                TIMELINE_X0 + 4, psi_top, TIMELINE_X0, TIMELINE_X0 + TIMELINE_W);
    }
    for (size_t i = 0; i < l->nevents; i++) {
        const struct watch_event *e = &l->events[i];
        if (e->t_ms < t0 || e->t_ms > t1)
            continue;
        char when[40];
        hhmm(e->t_ms, when, sizeof(when));
        double x = timeline_x(e->t_ms, t0, t1);
        fprintf(f,
                "<line class=\"event\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"><title>%s %s%s: "
                "freed %s</title></line>\n",
                x, x, TIMELINE_Y0, TIMELINE_Y0 + TIMELINE_H, when, e->kind,
                e->dry_run  ? " (dry run)"
                : e->failed ? " (failed)"
                            : "",
                size_str(e->bytes_freed));
    }
    fputs("</svg>\n<figcaption class=\"legend\">", f);
    /* each swatch is drawn as its line is: solid, dashed, dotted */
    fputs("<span><i class=\"ln\" style=\"color:var(--used)\"></i>used</span>"
          "<span><i class=\"ln\" style=\"color:var(--cache)\"></i>file cache</span>"
          "<span><i class=\"ln dash\" style=\"color:var(--host)\"></i>what Windows sees</span>",
          f);
    if (psi)
        fputs("<span><i class=\"ln\" style=\"color:var(--info)\"></i>memory pressure (PSI "
              "some avg10, lower plot)</span>",
              f);
    if (l->nevents)
        fputs("<span><i class=\"ln dot\" style=\"color:var(--muted)\"></i>reclaim</span>", f);
    fprintf(f, "<br>From %s to %s.</figcaption></figure>\n", a, b);
    if (l->nevents) {
        fputs("<table><thead><tr><th>time</th><th>action</th><th class=\"n\">freed</th><th>why"
              "</th></tr></thead><tbody>\n",
              f);
        for (size_t i = 0; i < l->nevents; i++) {
            const struct watch_event *e = &l->events[i];
            char when[40];
            hhmm(e->t_ms, when, sizeof(when));
            fprintf(f, "<tr><td>%s</td><td>%s%s</td><td class=\"n\">%s</td><td>", when, e->kind,
                    e->dry_run  ? " (dry run)"
                    : e->failed ? " (failed)"
                                : "",
                    size_str(e->bytes_freed));
            html_escape(f, e->reason);
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    fputs("<p class=\"muted\">From ", f);
    html_escape(f, r->log_path ? r->log_path : "the watch log");
    fputs(" (headroom watch --sample-every).</p></section>\n", f);
}

/* green while the models take at most 90 % of the room, amber up to all of
 * it, red beyond */
