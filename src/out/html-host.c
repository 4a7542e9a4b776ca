/* The report's host sections: the whole laptop's memory as one stacked bar
 * (from `headroom budget` and the guest's /proc/meminfo), and the
 * .wslconfig in effect with config lint's marks on its lines. */
#include <stdlib.h>
#include <string.h>

#include "out/html-parts.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/xalloc.h"

double report_host_x(uint64_t bytes, uint64_t scale)
{
    return report_bar_width(bytes, scale);
}

static const struct budget_line *budget_get(const struct budget *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->lines[i].name, name) == 0)
            return &b->lines[i];
    return NULL;
}

struct segment {
    const char *cls, *label;
    uint64_t bytes;
    const char *kind; /* "measured", "assumed", ... */
    const char *how;
};

/* One stacked rect; x and width come from the running sum so that the
 * rounding of one segment never shifts the next. */
static void segment_rect(FILE *f, const struct segment *s, uint64_t before, uint64_t scale)
{
    double x0 = report_host_x(before, scale);
    double x1 = report_host_x(sat_add_u64(before, s->bytes), scale);
    bool assumed = strcmp(s->kind, "assumed") == 0;
    fprintf(f,
            "<rect class=\"%s%s\" x=\"%.1f\" y=\"8\" width=\"%.1f\" height=\"36\" "
            "data-bytes=\"%llu\" data-kind=\"%s\"><title>%s %s (%s)</title></rect>\n",
            s->cls, assumed ? " assumed" : "", x0, x1 - x0 > 0 ? x1 - x0 : 0,
            (unsigned long long)s->bytes, s->kind, s->label, size_str(s->bytes), s->kind);
    html_bar_label(f, x0, x1 - x0, 31, s->bytes);
}

/* "the limit: +178 MiB, the models: +1.3 GiB over the host's RAM" */
static void over_text(FILE *f, bool limit_over, uint64_t limit_by, bool models_over,
                      uint64_t models_by)
{
    if (limit_over)
        fprintf(f, "the limit: +%s", size_str(limit_by));
    if (models_over)
        fprintf(f, "%sthe models: +%s", limit_over ? ", " : "", size_str(models_by));
    fputs(" over the host's RAM", f);
}

void report_host_section(FILE *f, const struct report_model *r)
{
    const struct budget *b = r->budget;
    const struct machine *m = r->m;
    const struct budget_line *host = budget_get(b, "host_ram");
    const struct budget_line *win = budget_get(b, "windows");
    const struct budget_line *br = budget_get(b, "browser");
    const struct budget_line *ov = budget_get(b, "wsl_overhead");
    if (!host || !host->known || !win || !br || !ov)
        return;
    uint64_t cache = machine_reclaimable_cache(m);
    uint64_t used = machine_held_by_programs(m);
    struct segment seg[6] = {
        {"win", "Windows and its services", win->bytes, budget_kind_name(win->kind), win->note},
        {"browser", "browsers", br->bytes, budget_kind_name(br->kind), br->note},
        {"overhead", "WSL's kernel overhead", ov->bytes, budget_kind_name(ov->kind), ov->note},
        {"used", "the guest: held by programs", used, "measured",
         "MemTotal − MemFree − reclaimable cache (/proc/meminfo)"},
        {"cache", "the guest: reclaimable cache", cache, "measured",
         "Buffers + Cached + SReclaimable − Shmem (/proc/meminfo)"},
        {"free", "free", 0, "computed", "host RAM minus everything before it"},
    };
    uint64_t sum = 0;
    for (size_t i = 0; i < 5; i++)
        sum = sat_add_u64(sum, seg[i].bytes);
    seg[5].bytes = sat_sub_u64(host->bytes, sum);
    /* the bar is the host's RAM, or the figures when (assumed ones) add up
     * to more than there is */
    uint64_t scale = sum > host->bytes ? sum : host->bytes;
    uint64_t guest0 = sat_add_u64(sat_add_u64(win->bytes, br->bytes), ov->bytes);
    /* ... or as far as the limit marker or the models reach past it, so that
     * nothing is cut off at the edge; how far over is written beside it */
    uint64_t limit_end = b->limit_known ? sat_add_u64(guest0, b->limit) : 0;
    uint64_t models_start = sat_add_u64(guest0, used), models_end = models_start;
    for (size_t i = 0; i < r->nmodels; i++)
        models_end = sat_add_u64(models_end, r->models[i].r.est.ram_bytes);
    if (limit_end > scale)
        scale = limit_end;
    if (models_end > scale)
        scale = models_end;

    fputs("<section id=\"host\"><h2>The whole laptop</h2>\n<p>", f);
    fprintf(f, "Host RAM %s (", size_str(host->bytes));
    html_escape(f, host->note);
    fputs("). ", f);
    bool assumed = win->kind == BK_ASSUMED || br->kind == BK_ASSUMED;
    if (assumed)
        fputs("Pale segments are commonly quoted typical figures, not measurements: "
              "the Windows host data (<code>headroom windows</code>) measures them.",
              f);
    else if (ov->kind == BK_ASSUMED)
        fputs("Every segment is measured but WSL's kernel overhead (pale), a commonly quoted "
              "figure.",
              f);
    else
        fputs("Every segment is measured.", f);
    fputs("</p>\n", f);
    fprintf(f,
            "<figure><svg role=\"img\" aria-labelledby=\"host-t host-d\" viewBox=\"0 0 %d 100\" "
            "width=\"%d\" height=\"100\" id=\"host-bar\" data-host=\"%llu\" data-scale=\"%llu\">\n",
            REPORT_BAR_WIDTH, REPORT_BAR_WIDTH, (unsigned long long)host->bytes,
            (unsigned long long)scale);
    fprintf(f, "<title id=\"host-t\">The host's %s of RAM</title>\n<desc id=\"host-d\">",
            size_str(host->bytes));
    for (size_t i = 0; i < 6; i++)
        fprintf(f, "%s%s %s (%s)", i ? "; " : "", seg[i].label, size_str(seg[i].bytes),
                seg[i].kind);
    if (b->limit_known)
        fprintf(f, ". WSL's memory limit: %s", size_str(b->limit));
    fputs(".</desc>\n", f);
    uint64_t at = 0;
    for (size_t i = 0; i < 6; i++) {
        segment_rect(f, &seg[i], at, scale);
        at = sat_add_u64(at, seg[i].bytes);
    }
    if (scale > host->bytes) {
        double hx = report_host_x(host->bytes, scale);
        fprintf(f,
                "<line class=\"marker\" id=\"host-end\" x1=\"%.1f\" x2=\"%.1f\" y1=\"2\" "
                "y2=\"82\"><title>the end of the host's %s of RAM</title></line>\n",
                hx, hx, size_str(host->bytes));
    }
    if (b->limit_known) {
        double lx = report_host_x(limit_end, scale);
        fprintf(f,
                "<line class=\"limit\" x1=\"%.1f\" x2=\"%.1f\" y1=\"2\" y2=\"82\" "
                "data-bytes=\"%llu\"><title>WSL's memory limit: %s</title></line>\n",
                lx, lx, (unsigned long long)b->limit, size_str(b->limit));
    }
    /* the models, loaded together, against what the guest has available */
    if (r->nmodels) {
        uint64_t start = sat_add_u64(guest0, used), need = 0;
        double rx = report_host_x(start, scale);
        fprintf(f,
                "<rect class=\"room\" x=\"%.1f\" y=\"52\" width=\"%.1f\" height=\"24\" "
                "data-bytes=\"%llu\"><title>available to models: %s (MemAvailable)</title>"
                "</rect>\n",
                rx, report_host_x(sat_add_u64(start, r->room), scale) - rx,
                (unsigned long long)r->room, size_str(r->room));
        for (size_t i = 0; i < r->nmodels; i++) {
            uint64_t bytes = r->models[i].r.est.ram_bytes;
            double x0 = report_host_x(sat_add_u64(start, need), scale);
            need = sat_add_u64(need, bytes);
            double x1 = report_host_x(sat_add_u64(start, need), scale);
            fprintf(f,
                    "<rect class=\"model %s\" x=\"%.1f\" y=\"56\" width=\"%.1f\" height=\"16\" "
                    "data-bytes=\"%llu\"><title>",
                    report_fit_class(need, r->room), x0, x1 - x0, (unsigned long long)bytes);
            html_escape(f, r->models[i].name);
            fprintf(f, ": %s of RAM</title></rect>\n", size_str(bytes));
        }
    }
    /* past the host's RAM: by how much, under the bar's right end */
    bool limit_over = limit_end > host->bytes, models_over = r->nmodels && models_end > host->bytes;
    if (limit_over || models_over) {
        fprintf(f, "<text class=\"over\" id=\"over\" x=\"%d\" y=\"96\" text-anchor=\"end\">",
                REPORT_BAR_WIDTH);
        over_text(f, limit_over, limit_end - host->bytes, models_over, models_end - host->bytes);
        fputs("</text>\n", f);
    }
    fputs("</svg>\n<figcaption class=\"legend\">", f);
    static const char *const sw[] = {"--win",  "--browser", "--overhead",
                                     "--used", "--cache",   "--free"};
    for (size_t i = 0; i < 6; i++)
        fprintf(f, "<span><i class=\"sw\" style=\"background:var(%s)\"></i>%s</span>", sw[i],
                seg[i].label);
    if (b->limit_known)
        fputs("<span><i class=\"ln dash\"></i>WSL's memory limit</span>", f);
    if (scale > host->bytes)
        fputs("<span><i class=\"ln\"></i>the end of the host's RAM</span>", f);
    if (r->nmodels)
        fputs("<span>lower row: the models against what the guest has available</span>", f);
    /* the same words in the caption, shown instead where the drawing is
     * scaled down to a phone's width */
    if (limit_over || models_over) {
        fputs("<span class=\"over-note dup\"><br>", f);
        over_text(f, limit_over, limit_end - host->bytes, models_over, models_end - host->bytes);
        fputs("</span>", f);
    }
    fputs("</figcaption></figure>\n", f);

    fputs("<table><thead><tr><th>part</th><th class=\"n\">size</th><th>how it is known</th>"
          "</tr></thead><tbody>\n",
          f);
    for (size_t i = 0; i < 6; i++) {
        fprintf(f, "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"muted\">", seg[i].label,
                size_str(seg[i].bytes));
        html_escape(f, seg[i].how);
        fputs("</td></tr>\n", f);
    }
    if (b->limit_known) {
        fprintf(f, "<tr><td>WSL's memory limit</td><td class=\"n\">%s</td><td class=\"muted\">",
                size_str(b->limit));
        html_escape(f, b->limit_from);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></section>\n", f);
}

/* ---- the .wslconfig ---- */

static bool same_file(const struct finding *x, const char *display)
{
    return x->file && strcmp(x->file, display) == 0;
}

static void mark_row(FILE *f, const struct finding *x)
{
    const char *sev = severity_name(x->severity);
    fprintf(f, "<tr class=\"mark %s\" data-id=\"", sev);
    html_escape(f, x->id);
    fprintf(f, "\" data-line=\"%u\"><td colspan=\"2\"><span class=\"sev\">%s</span>", x->line, sev);
    html_escape(f, x->title);
    fputs(" <code class=\"muted\">", f);
    html_escape(f, x->id);
    fputs("</code>", f);
    if (x->advice) {
        fputs("<br><span class=\"muted\">fix:</span> ", f);
        html_escape(f, x->advice);
    }
    for (size_t i = 0; i < x->ncmds; i++) {
        fputs("<br><code>", f);
        html_escape(f, x->cmds[i].text);
        fputs("</code>", f);
    }
    fputs("</td></tr>\n", f);
}

/* The file line by line; a line with findings is tinted by the worst one
 * and followed by them. */
static void file_listing(FILE *f, const struct wsl_config *cfg, const char *display,
                         const struct findings *lint, const char *id)
{
    const struct wsldoc *doc = &cfg->doc;
    size_t n = 0;
    for (size_t k = 0; lint && k < lint->n; k++)
        n += same_file(&lint->v[k], display);
    fputs("<p><code>", f);
    html_escape(f, display);
    fprintf(f, "</code> · %s, %s line endings, %zu line%s · ", wsl_encoding_label(doc->enc),
            wsldoc_eol_summary(doc), doc->nlines, doc->nlines == 1 ? "" : "s");
    if (n)
        fprintf(f, "%zu finding%s of <code>headroom config lint</code></p>\n", n,
                n == 1 ? "" : "s");
    else
        fputs("no findings: WSL reads every line as written</p>\n", f);
    fprintf(f, "<table class=\"conf\" id=\"%s\"><tbody>\n", id);
    /* findings about the whole file (encoding, BOM) come first */
    for (size_t k = 0; lint && k < lint->n; k++)
        if (same_file(&lint->v[k], display) && lint->v[k].line == 0)
            mark_row(f, &lint->v[k]);
    for (size_t i = 0; i < doc->nlines; i++) {
        unsigned line = (unsigned)i + 1;
        int worst = -1;
        for (size_t k = 0; lint && k < lint->n; k++)
            if (same_file(&lint->v[k], display) && lint->v[k].line == line &&
                (int)lint->v[k].severity > worst)
                worst = (int)lint->v[k].severity;
        fprintf(f,
                "<tr class=\"%s\" data-line=\"%u\"><td class=\"ln\">%u</td><td class=\"src\">"
                "<pre>",
                worst < 0 ? "line" : severity_name((enum severity)worst), line, line);
        const struct wsldoc_line *l = &doc->lines[i];
        char *text = xmalloc(l->text_len + 1);
        memcpy(text, l->text, l->text_len);
        text[l->text_len] = '\0';
        html_escape(f, text);
        free(text);
        fputs("</pre></td></tr>\n", f);
        for (size_t k = 0; lint && k < lint->n; k++)
            if (same_file(&lint->v[k], display) && lint->v[k].line == line)
                mark_row(f, &lint->v[k]);
    }
    fputs("</tbody></table>\n", f);
}

/* The settings WSL takes: every one the file sets, and the VM's size. */
static void settings_table(FILE *f, const struct wsl_eval *ev, const struct wsl_vm *vm)
{
    static const char *const always[] = {"wsl2.memory", "wsl2.processors", "wsl2.swap",
                                         "experimental.autoMemoryReclaim"};
    fputs("<table id=\"wslconfig-settings\"><thead><tr><th>setting</th><th class=\"n\">WSL "
          "uses</th><th>from</th></tr></thead><tbody>\n",
          f);
    for (size_t i = 0; i < ev->n; i++) {
        const struct wsl_setting *s = &ev->set[i];
        char full[128], val[200];
        wsl_key_full(s->key, full, sizeof(full));
        bool core = false;
        for (size_t k = 0; k < sizeof(always) / sizeof(always[0]); k++)
            core |= strcmp(always[k], full) == 0;
        if (!core && s->stmt < 0)
            continue;
        fprintf(f, "<tr data-key=\"%s\"><td><code>%s</code></td><td class=\"n\">", full, full);
        html_escape(f, wsl_setting_value(s, vm, val, sizeof(val)));
        fputs("</td><td class=\"muted\">", f);
        if (s->from_file)
            fprintf(f, "line %u", wsl_stmt_line(&ev->syn.v[s->stmt]));
        else if (s->stmt >= 0)
            fprintf(f, "default: line %u is ignored", wsl_stmt_line(&ev->syn.v[s->stmt]));
        else {
            fputs("default: ", f);
            html_escape(f, s->key->def);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

void report_config_section(FILE *f, const struct report_model *r)
{
    const struct wsl_locate *loc = r->loc;
    bool wsl2 = r->m->wsl.kind == WSL_2;
    if (!r->wslconfig && !r->wslconf && !(wsl2 && loc))
        return;
    fputs(r->not_applied ? "<section id=\"wslconfig\"><h2>The .wslconfig file: not in effect "
                           "yet</h2>\n"
                         : "<section id=\"wslconfig\"><h2>The .wslconfig in effect</h2>\n",
          f);
    if (r->wslconfig && r->not_applied) {
        fputs("<p class=\"finding warning\">The running VM does not have these settings yet: ", f);
        html_escape(f, r->not_applied);
        fputs(". WSL reads the file only when its VM starts: <code>wsl.exe --shutdown</code> "
              "from Windows, then open WSL again. The table says what WSL will use then.</p>\n",
              f);
    }
    if (r->wslconfig) {
        file_listing(f, r->wslconfig, r->wslconfig_display, r->lint, "wslconfig-lines");
        settings_table(f, &r->wslconfig->ev, r->vm);
        fputs("<p class=\"muted\">WSL reads the file when its VM starts: after an edit, "
              "<code>wsl.exe --shutdown</code> from Windows. <code>headroom config lint</code> "
              "explains each finding.</p>\n",
              f);
    } else if (loc && loc->nfound > 1) {
        fprintf(f,
                "<p>%zu .wslconfig files; which one WSL reads depends on the Windows user "
                "who starts it:</p><ul>",
                loc->nfound);
        for (size_t i = 0; i < loc->nfound; i++) {
            fputs("<li><code>/", f);
            html_escape(f, loc->found[i]);
            fputs("</code></li>", f);
        }
        fputs("</ul><p class=\"muted\">Lint one with <code>headroom config lint --file "
              "PATH</code>.</p>\n",
              f);
    } else if (wsl2) {
        fputs("<p>No .wslconfig", f);
        if (loc && loc->nprofiles) {
            fputs(" in <code>/", f);
            html_escape(f, loc->profiles[0]);
            fputs("</code>", f);
        }
        fputs(": WSL uses its defaults, half of the host's RAM and swap of a quarter of "
              "that. <code>headroom config recommend</code> sizes one for this host.</p>\n",
              f);
        if (r->vm) {
            struct wsl_config none;
            wsl_config_from_bytes("", 0, WSLF_WSLCONFIG, &none);
            settings_table(f, &none.ev, r->vm);
            wsl_config_release(&none);
        }
    }
    if (r->wslconf) {
        fputs("<h3>/etc/wsl.conf</h3>\n", f);
        file_listing(f, r->wslconf, "/etc/wsl.conf", r->lint, "wslconf-lines");
    }
    fputs("</section>\n", f);
}
