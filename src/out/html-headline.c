/* The report's verdict at the top: the doctor's counts and next step, the
 * room for AI now and after the fixes it lists (an estimate), each saving
 * linked to its finding. Every figure comes from struct headline
 * (src/headline.c); nothing is computed here. */
#include <stdio.h>
#include <string.h>

#include "out/html-parts.h"
#include "util/size.h"

static size_t finding_index(const struct report_model *r, const struct finding *x)
{
    return (size_t)(x - r->doctor->findings.v);
}

/* "7.7 GiB", or "none" for a room the lines above already exceed */
static const char *room_str(int64_t v)
{
    return v > 0 ? size_str((uint64_t)v) : "none";
}

/* One figure; `id` and data-bytes (the figure in bytes, negative for a room
 * the lines above already exceed) let the tests compare it with budget. */
static void figure(FILE *f, const char *id, int64_t bytes, const char *cls, const char *label,
                   const char *value, const char *how)
{
    fprintf(f,
            "<div class=\"fig%s%s\" id=\"%s\" data-bytes=\"%lld\"><span class=\"label\">%s"
            "</span><span class=\"big\">%s</span><span class=\"muted\">%s</span></div>\n",
            cls[0] ? " " : "", cls, id, (long long)bytes, label, value, how);
}

void report_headline_section(FILE *f, const struct report_model *r)
{
    const struct headline *h = r->headline;
    const char *sev = h->critical ? "critical" : h->warnings ? "warning" : "ok";
    fprintf(f, "<section id=\"verdict\" class=\"verdict %s\"><h2>Verdict</h2>\n<p class=\"lead\">",
            sev);
    if (h->next) {
        fprintf(f, "<strong>%zu critical, %zu warning%s.</strong> Next step: ", h->critical,
                h->warnings, h->warnings == 1 ? "" : "s");
        if (h->next_command) {
            /* "cmd   # why": the command bold, its comment as prose */
            const char *hash = strstr(h->next_command, "   # ");
            size_t n = hash ? (size_t)(hash - h->next_command) : strlen(h->next_command);
            char cmd[1024];
            snprintf(cmd, sizeof(cmd), "%.*s", (int)n, h->next_command);
            fputs("<code class=\"step\">", f);
            html_escape(f, cmd);
            fputs("</code> ", f);
            if (hash) {
                fputs("<span class=\"muted\">", f);
                html_escape(f, hash + 5);
                fputs("</span> ", f);
            }
        } else if (h->next_advice) {
            html_escape(f, h->next_advice);
            fputc(' ', f);
        }
        fprintf(f, "(<a href=\"#f-%zu\">", finding_index(r, h->next));
        html_escape(f, h->next->title);
        fputs("</a>)", f);
    } else {
        fprintf(f, "<strong>Nothing to fix:</strong> %zu critical, %zu warnings", h->critical,
                h->warnings);
        if (r->doctor)
            fprintf(f, ", %zu check%s passed", r->doctor->ok, r->doctor->ok == 1 ? "" : "s");
        fputc('.', f);
    }
    fputs("</p>\n<div class=\"figures\">\n", f);
    if (h->room_known) {
        figure(f, "room-now", h->room, "",
               h->room_measured_now ? "Room for AI now" : "Left for AI (typical profile)",
               room_str(h->room),
               h->room_measured_now
                   ? "the host's RAM minus what Windows, the browsers and WSL's overhead hold now "
                     "(headroom budget)"
                   : "the host's RAM minus commonly quoted figures for Windows and a browser "
                     "(headroom budget)");
        if (h->nsavings) {
            char v[40];
            snprintf(v, sizeof(v), "about %s", room_str(h->room_after));
            figure(f, "room-after", h->room_after, "estimate",
                   "After the fixes below (an estimate)", v,
                   "the room now plus the measured working sets of what the fixes stop: "
                   "Windows gets back at most a process's working set; fixes without a measured "
                   "saving are not counted");
        }
    }
    figure(f, "available-now", (int64_t)h->guest_available, "",
           r->m->wsl.kind == WSL_NONE ? "Available now" : "Available in WSL now",
           size_str(h->guest_available),
           "MemAvailable (/proc/meminfo): the kernel's estimate of what a new program, a model "
           "too, can take without swapping");
    fputs("</div>\n", f);
    if (h->nsavings) {
        fputs("<ul class=\"savings\">\n", f);
        for (size_t i = 0; i < h->nsavings; i++) {
            const struct headline_saving *s = &h->savings[i];
            fprintf(f, "<li data-item=\"%s\" data-bytes=\"%llu\">up to <strong>+%s</strong>: ",
                    s->item_id, (unsigned long long)s->bytes, size_str(s->bytes));
            html_escape(f, s->item_title);
            fputs(s->shared ? " (its process hosts other services too)" : "", f);
            fprintf(f, ", the fix of <a href=\"#f-%zu\"><code>", finding_index(r, s->finding));
            html_escape(f, s->finding->id);
            fputs("</code></a></li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    fputs("</section>\n", f);
}
