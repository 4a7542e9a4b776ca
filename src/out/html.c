#include "out/html.h"

#include <string.h>

#include "explain/explain.h"
#include "out/html-parts.h"
#include "out/text.h"
#include "util/parse.h"
#include "util/size.h"
#include "version.h"

void html_escape(FILE *f, const char *s)
{
    char clean[4096];
    /* control bytes and invalid UTF-8 become '?' first (newlines too: every
     * caller that wants lines splits them itself) */
    for (const char *p = s; *p;) {
        size_t n = strlen(p);
        if (n > sizeof(clean) / 2)
            n = sizeof(clean) / 2;
        text_sanitize(p, n, clean, sizeof(clean));
        for (const char *c = clean; *c; c++) {
            switch (*c) {
            case '&':
                fputs("&amp;", f);
                break;
            case '<':
                fputs("&lt;", f);
                break;
            case '>':
                fputs("&gt;", f);
                break;
            case '"':
                fputs("&quot;", f);
                break;
            case '\'':
                fputs("&#39;", f);
                break;
            default:
                fputc(*c, f);
            }
        }
        p += n;
    }
}

void html_escape_lines(FILE *f, const char *s)
{
    char line[4096];
    while (*s) {
        size_t n = strcspn(s, "\n");
        size_t k = n < sizeof(line) - 1 ? n : sizeof(line) - 1;
        memcpy(line, s, k);
        line[k] = '\0';
        html_escape(f, line);
        s += n;
        if (*s == '\n') {
            fputc('\n', f);
            s++;
        }
    }
}

/* Rounds a non-negative coordinate to one decimal, without libm: the
 * binary stays off libm, which matters for the always-running `watch`. */
double report_tenth(double x)
{
    return x <= 0 ? 0 : (double)(long long)(x * 10 + 0.5) / 10;
}

double report_bar_width(uint64_t part, uint64_t total)
{
    if (!total)
        return 0;
    double w = (double)part * REPORT_BAR_WIDTH / (double)total;
    if (w > REPORT_BAR_WIDTH)
        w = REPORT_BAR_WIDTH;
    return report_tenth(w);
}

void html_bar_label(FILE *f, double x, double width, int y, uint64_t bytes)
{
    /* "1023 MiB" at 12px is about 56 units wide */
    if (width < 64)
        return;
    fprintf(f, "<text class=\"seg-label\" x=\"%.1f\" y=\"%d\">%s</text>\n", report_tenth(x + 5), y,
            size_str(bytes));
}

static const char css[] =
    ":root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;"
    "--used:#cf4a3a;--cache:#e0a03a;--free:#3f9a5a;--host:#1b1f24;--crit:#b42318;--warn:#a15c00;"
    "--info:#0b5cad;--win:#5b6b7f;--browser:#8250df;--overhead:#2f3a46}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e6edf3;--muted:#9aa4ae;"
    "--line:#30363d;--card:#161b22;--used:#f0705f;--cache:#f2b85a;--free:#5cc17a;--host:#e6edf3;"
    "--crit:#ff7b72;--warn:#e3b341;--info:#79c0ff;--win:#8b9bb0;--browser:#b392f0;"
    "--overhead:#c9d1d9}}\n"
    "*{box-sizing:border-box}body{margin:0 auto;max-width:960px;padding:24px;background:var(--bg);"
    "color:var(--fg);font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\n"
    "h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:32px 0 8px;border-bottom:1px "
    "solid "
    "var(--line);padding-bottom:4px}.muted{color:var(--muted)}\n"
    "table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}"
    "th,td{text-align:left;padding:4px 8px;border-bottom:1px solid "
    "var(--line)}td.n,th.n{text-align:right;white-space:nowrap}\n"
    /* a long model path wraps anywhere, so that the verdict keeps its width */
    "td.path small{display:block;word-break:break-all}td.verdict{min-width:12em}\n"
    "svg{max-width:100%;height:auto}.used{fill:var(--used)}.cache{fill:var(--cache)}"
    ".line-used{stroke:var(--used);stroke-width:2}.line-cache{stroke:var(--cache);stroke-width:2}"
    ".line-host{stroke:var(--host);stroke-width:1.5;stroke-dasharray:4 2}"
    ".line-psi{stroke:var(--info);stroke-width:1.5}.event{stroke:var(--muted);stroke-width:1;"
    "stroke-dasharray:2 3}"
    ".free{fill:var(--free)}.marker{stroke:var(--host);stroke-width:2}"
    ".room{fill:var(--line)}.fit-green{fill:var(--free)}.fit-amber{fill:var(--cache)}"
    ".fit-red{fill:var(--used)}.win{fill:var(--win)}.browser{fill:var(--browser)}"
    ".overhead{fill:var(--overhead)}.limit{stroke:var(--fg);stroke-width:2;stroke-dasharray:6 3}"
    ".assumed{fill-opacity:.45}\n"
    ".conf td{padding:1px 8px;border:0;vertical-align:top}.conf td.ln{color:var(--muted);"
    "text-align:right;width:3em;user-select:none}.conf tr.warning td.src{background:"
    "color-mix(in srgb,var(--warn) 14%,transparent)}.conf tr.critical td.src{background:"
    "color-mix(in srgb,var(--crit) 14%,transparent)}.conf tr.info td.src{background:"
    "color-mix(in srgb,var(--info) 12%,transparent)}.conf .mark td{padding:0 8px 6px 3.5em;"
    "font-size:.9em}.conf pre{margin:0;border:0;padding:0;background:none}"
    "#wslconfig-settings{margin-top:16px}\n"
    ".legend span{display:inline-block;margin-right:16px}.sw{display:inline-block;width:12px;"
    "height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}\n"
    ".finding{background:var(--card);border:1px solid var(--line);border-left:4px solid "
    "var(--info);"
    "border-radius:6px;padding:10px 14px;margin:10px "
    "0}.finding.critical{border-left-color:var(--crit)}"
    ".finding.warning{border-left-color:var(--warn)}.finding h3{margin:0 0 4px;font-size:1em}\n"
    ".sev{font-weight:600;text-transform:uppercase;font-size:.8em;margin-right:6px}"
    ".critical .sev{color:var(--crit)}.warning .sev{color:var(--warn)}.info "
    ".sev{color:var(--info)}\n"
    "code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}"
    "pre{background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:8px;"
    "white-space:pre-wrap;word-break:break-word;margin:6px 0}.fix pre{padding-right:64px}\n"
    ".fix{position:relative}.copy{position:absolute;top:6px;right:6px;font:12px system-ui;"
    "background:var(--card);color:var(--fg);border:1px solid var(--line);border-radius:4px;"
    "padding:2px 8px;cursor:pointer}\n"
    "footer{margin-top:40px;padding-top:8px;border-top:1px solid var(--line);font-size:.85em}\n"
    /* the verdict: the next step, then the room now and after the fixes */
    "#verdict{background:var(--card);border:1px solid var(--line);border-left:6px solid "
    "var(--free);border-radius:6px;padding:4px 16px 12px}#verdict.warning{border-left-color:"
    "var(--warn)}#verdict.critical{border-left-color:var(--crit)}#verdict h2{border:0;margin:"
    "8px 0 0}.lead{font-size:1.1em}code.step{font-weight:600}.figures{display:flex;flex-wrap:"
    "wrap;gap:12px}.fig{flex:1 1 200px;border:1px solid var(--line);border-radius:6px;"
    "padding:8px 12px;background:var(--bg)}.fig span{display:block}.fig .label{font-weight:600}"
    ".fig .big{font-size:1.6em;font-weight:700;font-variant-numeric:tabular-nums}.fig.estimate"
    "{border-style:dashed}.fig .muted{font-size:.85em}.savings{margin:8px 0 0;padding-left:20px}"
    ".seg-label{fill:#fff;stroke:rgba(0,0,0,.45);stroke-width:2px;paint-order:stroke;"
    "font-size:12px;font-weight:600}.over{fill:var(--crit);font-size:12px;font-weight:600}.tick{"
    "fill:var(--muted);"
    "font-size:11px}.tick.y{paint-order:stroke;stroke:var(--bg);stroke-width:3px;dominant-baseline:"
    "hanging}.grid{stroke:var(-"
    "-line);stroke-width:1}"
    ".ln{display:inline-block;width:18px;height:0;margin-right:4px;vertical-align:3px;"
    "border-top:2px solid}.ln.dash{border-top-style:dashed}.ln.dot{border-top:1px dotted}\n"
    /* long words (paths, /proc/meminfo) wrap instead of running off the edge */
    "td,th{overflow-wrap:break-word}td.muted,td code,p,li,summary,figcaption{overflow-wrap:"
    "anywhere}"
    "figure{margin:16px 0}.over-note{color:var(--crit);font-weight:600}.over-note.dup{"
    "display:none}\n"
    /* a phone: wide tables become one block per row, each cell labelled */
    "@media (max-width:640px){body{padding:12px}table.stack thead{display:none}table.stack tr"
    "{display:block;border-bottom:1px solid var(--line);padding:4px 0}table.stack td{display:"
    "flex;justify-content:space-between;gap:12px;border:0;padding:1px 4px;text-align:right;"
    "white-space:normal}table.stack td::before{content:attr(data-label);color:var(--muted);"
    "text-align:left}td.verdict{min-width:0}#wslconfig-settings "
    "td.n{white-space:normal}td:last-child{overflow-wrap:anywhere}"
    /* the timeline is drawn at half size there: its labels twice as large */
    "#timeline-chart .tick{font-size:18px}.over-note.dup{display:inline}svg .over{display:none}}"
    "\n"
    /* paper: no table or figure split over two pages, no page with only the footer */
    "@media print{body{max-width:none;padding:0;color:#000;background:#fff}.copy{display:none}"
    ".finding,table,figure,#verdict,.fig,tr{break-inside:avoid}h2,h3{break-after:avoid}"
    "footer{break-before:avoid;margin-top:16px}details.why{display:none}a{color:#000}}\n";

static const char script[] =
    "document.querySelectorAll('button.copy').forEach(function(b){b.addEventListener('click',"
    "function(){var t=b.parentNode.querySelector('code').textContent;function done(){b.textContent="
    "'copied';setTimeout(function(){b.textContent='copy'},1500)}function fallback(){var a="
    "document.createElement('textarea');a.value=t;document.body.appendChild(a);a.select();try{"
    "document.execCommand('copy');done()}catch(e){}document.body.removeChild(a)}if("
    "navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t).then(done,"
    "fallback)}else{fallback()}})});\n"
    /* a link to a finding's explain page opens it */
    "function openWhy(){var d=document.getElementById(location.hash.slice(1));if(d&&d.tagName"
    "==='DETAILS')d.open=true}window.addEventListener('hashchange',openWhy);openWhy();\n";

static void memory_section(FILE *f, const struct report_model *r)
{
    const struct machine *m = r->m;
    const struct meminfo *mi = &m->meminfo;
    uint64_t total = mi->mem_total, free_ = mi->mem_free;
    uint64_t cache = machine_reclaimable_cache(m);
    uint64_t used = machine_held_by_programs(m);
    uint64_t host = machine_host_view_used(m);
    bool wsl = m->wsl.kind == WSL_2;
    double wu = report_bar_width(used, total), wc = report_bar_width(cache, total);
    double wf = REPORT_BAR_WIDTH - wu - wc;
    if (wf < 0)
        wf = 0;
    double hx = report_bar_width(host, total);
    fputs("<section id=\"memory\"><h2>Where the memory goes</h2>\n", f);
    fprintf(f,
            "<figure><svg role=\"img\" aria-labelledby=\"mem-t mem-d\" viewBox=\"0 0 %d 64\" "
            "width=\"%d\" height=\"64\" id=\"memory-bar\" data-total=\"%llu\">\n",
            REPORT_BAR_WIDTH, REPORT_BAR_WIDTH, (unsigned long long)total);
    fprintf(f, "<title id=\"mem-t\">Guest memory: %s in all</title>\n", size_str(total));
    fprintf(
        f, "<desc id=\"mem-d\">Held by programs %s, reclaimable cache %s, free %s. %s %s.</desc>\n",
        size_str(used), size_str(cache), size_str(free_),
        wsl ? "Windows sees (MemTotal minus MemFree)" : "A hypervisor sees", size_str(host));
    fprintf(f,
            "<rect class=\"used\" x=\"0\" y=\"8\" width=\"%.1f\" height=\"40\" data-bytes=\"%llu\">"
            "<title>held by programs %s</title></rect>\n",
            wu, (unsigned long long)used, size_str(used));
    fprintf(f,
            "<rect class=\"cache\" x=\"%.1f\" y=\"8\" width=\"%.1f\" height=\"40\" "
            "data-bytes=\"%llu\"><title>reclaimable cache %s</title></rect>\n",
            wu, wc, (unsigned long long)cache, size_str(cache));
    fprintf(f,
            "<rect class=\"free\" x=\"%.1f\" y=\"8\" width=\"%.1f\" height=\"40\" "
            "data-bytes=\"%llu\"><title>free %s</title></rect>\n",
            wu + wc, wf, (unsigned long long)free_, size_str(free_));
    html_bar_label(f, 0, wu, 33, used);
    html_bar_label(f, wu, wc, 33, cache);
    html_bar_label(f, wu + wc, wf, 33, free_);
    fprintf(f,
            "<line class=\"marker\" x1=\"%.1f\" x2=\"%.1f\" y1=\"2\" y2=\"54\" data-bytes=\"%llu\">"
            "<title>%s %s</title></line>\n",
            hx, hx, (unsigned long long)host, wsl ? "Windows sees" : "a host sees", size_str(host));
    fputs(
        "</svg>\n<figcaption class=\"legend\"><span><i class=\"sw\" style=\"background:var(--used)"
        "\"></i>held by programs</span><span><i class=\"sw\" style=\"background:var(--cache)\"></i>"
        "reclaimable cache"
        "</span><span><i class=\"sw\" style=\"background:var(--free)\"></i>free</span><span><i "
        "class=\"ln\"></i>",
        f);
    fputs(wsl ? "what Windows sees (Vmmem)" : "what a host sees", f);
    fputs("</span></figcaption></figure>\n", f);
    fputs("<table><thead><tr><th>figure</th><th class=\"n\">size</th><th>read from "
          "/proc/meminfo</th></tr></thead><tbody>\n",
          f);
    const struct {
        const char *name, *from;
        uint64_t v;
    } rows[] = {
        {"total", "MemTotal", total},
        {"used", "MemTotal − MemAvailable, as free counts it", machine_used(m)},
        {"held by programs", "MemTotal − MemFree − reclaimable cache", used},
        {"buff/cache", "Buffers + Cached + SReclaimable, as free counts it", machine_buff_cache(m)},
        {"reclaimable cache", "buff/cache − Shmem", cache},
        {"free", "MemFree", free_},
        {"available", "MemAvailable", mi->mem_available},
        {wsl ? "what Windows sees" : "what a host sees", "MemTotal − MemFree", host},
        {"swap used", "SwapTotal − SwapFree", machine_swap_used(m)},
        {"swap total", "SwapTotal", mi->swap_total},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        fprintf(f,
                "<tr data-bytes=\"%llu\"><td>%s</td><td class=\"n\">%s</td><td "
                "class=\"muted\">%s</td></tr>\n",
                (unsigned long long)rows[i].v, rows[i].name, size_str(rows[i].v), rows[i].from);
    fputs("</tbody></table></section>\n", f);
}

const char *report_fit_class(uint64_t used, uint64_t room)
{
    if (used > room)
        return "fit-red";
    return used * 10 <= room * 9 ? "fit-green" : "fit-amber";
}

static void models_section(FILE *f, const struct report_model *r)
{
    fputs("<section id=\"models\"><h2>Will it fit</h2>\n", f);
    uint64_t room = r->room, total = 0;
    for (size_t i = 0; i < r->nmodels; i++)
        total = sat_add_u64(total, r->models[i].r.est.ram_bytes);
    /* the bar is as wide as the room, or as what is needed when that is more */
    uint64_t scale = total > room ? total : room;
    fprintf(f,
            "<figure><svg role=\"img\" aria-labelledby=\"fit-t fit-d\" viewBox=\"0 0 %d 64\" "
            "width=\"%d\" height=\"64\" id=\"fit-bar\" data-room=\"%llu\" data-scale=\"%llu\">\n",
            REPORT_BAR_WIDTH, REPORT_BAR_WIDTH, (unsigned long long)room,
            (unsigned long long)scale);
    fprintf(f, "<title id=\"fit-t\">RAM the models need against the %s available</title>\n",
            size_str(room));
    fprintf(f,
            "<desc id=\"fit-d\">%zu model%s need %s of RAM; %s is available (MemAvailable). %s."
            "</desc>\n",
            r->nmodels, r->nmodels == 1 ? "" : "s", size_str(total), size_str(room),
            total > room             ? "They do not fit"
            : total * 10 <= room * 9 ? "They fit"
                                     : "They fit, tightly");
    fprintf(f, "<rect class=\"room\" x=\"0\" y=\"8\" width=\"%.1f\" height=\"40\"/>\n",
            report_bar_width(room, scale));
    uint64_t used = 0;
    double x = 0;
    for (size_t i = 0; i < r->nmodels; i++) {
        const struct report_model_row *row = &r->models[i];
        uint64_t need = row->r.est.ram_bytes;
        used = sat_add_u64(used, need);
        double w = report_bar_width(need, scale);
        fprintf(f,
                "<rect class=\"model %s\" x=\"%.1f\" y=\"14\" width=\"%.1f\" height=\"28\" "
                "data-bytes=\"%llu\"><title>",
                report_fit_class(used, room), x, w, (unsigned long long)need);
        html_escape(f, row->name);
        fprintf(f, ": %s of RAM</title></rect>\n", size_str(need));
        x += w;
    }
    fputs(
        "</svg><figcaption class=\"legend\"><span><i class=\"sw\" style=\"background:var(--line)\">"
        "</i>available</span><span><i class=\"sw\" style=\"background:var(--free)\"></i>fits</span>"
        "<span><i class=\"sw\" style=\"background:var(--cache)\"></i>tight (over 90 %)</span><span>"
        "<i class=\"sw\" style=\"background:var(--used)\"></i>does not fit</span>",
        f);
    /* the bar is as wide as what is needed: say how far past the room it goes */
    if (total > room)
        fprintf(f, "<br><span class=\"over-note\" id=\"fit-over\">+%s over the %s available</span>",
                size_str(total - room), size_str(room));
    fputs("</figcaption></figure>\n", f);
    fputs("<table class=\"stack\" id=\"fit-table\"><thead><tr><th>model</th><th>architecture</th>"
          "<th class=\"n\">parameters</th>"
          "<th class=\"n\">context</th><th class=\"n\">RAM</th><th class=\"n\">VRAM</th>"
          "<th>verdict</th><th class=\"n\">largest context</th></tr></thead><tbody>\n",
          f);
    for (size_t i = 0; i < r->nmodels; i++) {
        const struct report_model_row *row = &r->models[i];
        const struct estimate *e = &row->r.est;
        /* the file name first; its folder below it, small, wrapping anywhere */
        const char *slash = strrchr(row->name, '/');
        fputs("<tr><td class=\"path\" data-label=\"model\"><span>", f);
        html_escape(f, slash && slash[1] ? slash + 1 : row->name);
        if (slash && slash[1]) {
            char dir[4096];
            snprintf(dir, sizeof(dir), "%.*s", (int)(slash - row->name + 1), row->name);
            fputs("<small class=\"muted\">", f);
            html_escape(f, dir);
            fputs("</small>", f);
        }
        fputs("</span></td><td data-label=\"architecture\">", f);
        html_escape(f, row->m->arch);
        char params[40];
        fprintf(f,
                "</td><td class=\"n\" data-label=\"parameters\">%s</td><td class=\"n\" "
                "data-label=\"context\">%u</td><td class=\"n\" data-label=\"RAM\">%s</td>",
                count_words(row->m->n_params, params, sizeof(params)), e->ctx,
                size_str(e->ram_bytes));
        fprintf(f,
                "<td class=\"n\" data-label=\"VRAM\">%s</td><td class=\"verdict\" "
                "data-label=\"verdict\">",
                e->vram_bytes ? size_str(e->vram_bytes) : "–");
        if (row->r.verdict == FIT_NO)
            fprintf(f, "does not fit: needs %s%s, %s left", size_str(row->r.need),
                    row->r.need_is_vram ? " of VRAM" : "", size_str(row->r.have));
        else if (row->r.verdict == FIT_GPU)
            fprintf(f, "fits with -ngl %u", e->ngl);
        else
            fputs("fits in RAM", f);
        fputs("</td><td class=\"n\" data-label=\"largest context\">", f);
        if (row->r.max_ctx)
            fprintf(f, "%u", row->r.max_ctx);
        else
            fputs("none", f);
        fputs("</td></tr>\n", f);
    }
    fputs(
        "</tbody></table>\n<p class=\"muted\">Estimates for llama.cpp as it ships today (mmap on, "
        "f16 KV cache, flash attention), with the models loaded together in this order; "
        "<code>headroom fit</code> shows the breakdown.</p></section>\n",
        f);
}

/* The "why?" of a finding: its explain page (headroom explain ID), folded. */
static void finding_why(FILE *f, const char *id, size_t index)
{
    const struct explain_page *p = explain_find(id);
    if (!p)
        return;
    char sup[EXPLAIN_SUPPRESS_MAX];
    const char *name[] = {"Checks", "Why", "Evidence", "Risks of the fix", "Suppress"};
    const char *text[] = {p->checks, p->why, p->evidence, p->risks,
                          explain_suppress(p, sup, sizeof(sup))};
    fprintf(f, "<details class=\"why\" id=\"why-%zu\"><summary>why? (<code>headroom explain ",
            index);
    html_escape(f, p->id);
    fputs("</code>)</summary>\n", f);
    for (size_t k = 0; k < sizeof(name) / sizeof(name[0]); k++) {
        fprintf(f, "<p><strong>%s:</strong> ", name[k]);
        html_escape(f, text[k]);
        fputs("</p>\n", f);
    }
    fputs("<p><strong>Sources:</strong>", f);
    for (size_t s = 0; s < EXPLAIN_MAX_SOURCES && p->sources[s]; s++) {
        fputs(s ? ", <a rel=\"noreferrer\" href=\"" : " <a rel=\"noreferrer\" href=\"", f);
        html_escape(f, p->sources[s]);
        fputs("\">", f);
        html_escape(f, p->sources[s]);
        fputs("</a>", f);
    }
    fputs("</p></details>\n", f);
}

static void doctor_section(FILE *f, const struct doctor_result *d)
{
    size_t crit = findings_count_at_least(&d->findings, SEV_CRITICAL);
    size_t warn = findings_count_at_least(&d->findings, SEV_WARNING) - crit;
    fprintf(f,
            "<section id=\"doctor\"><h2>What to fix</h2>\n<p>%zu critical, %zu warning%s, %zu "
            "check%s passed.</p>\n",
            crit, warn, warn == 1 ? "" : "s", d->ok, d->ok == 1 ? "" : "s");
    for (size_t i = 0; i < d->findings.n; i++) {
        const struct finding *x = &d->findings.v[i];
        const char *sev = severity_name(x->severity);
        fprintf(f, "<article class=\"finding %s\" id=\"f-%zu\"><h3><span class=\"sev\">%s</span>",
                sev, i, sev);
        html_escape(f, x->title);
        /* the id links to its explain page, folded below */
        fprintf(f, " <a class=\"id\" href=\"#why-%zu\"><code class=\"muted\">", i);
        html_escape(f, x->id);
        fputs("</code></a></h3>\n", f);
        if (x->evidence) {
            fputs("<p><strong>Evidence:</strong> ", f);
            html_escape(f, x->evidence);
            fputs("</p>\n", f);
        }
        html_fix(f, x);
        if (x->source) {
            fputs("<p class=\"muted\">Source: ", f);
            html_source(f, x->source);
            fputs("</p>\n", f);
        }
        finding_why(f, x->id, i);
        fputs("</article>\n", f);
    }
    fputs("</section>\n", f);
}

static void processes_section(FILE *f, const struct machine *m)
{
    if (!m->procs.n)
        return;
    fputs("<section id=\"processes\"><h2>The largest processes</h2>\n<table class=\"stack\">"
          "<thead><tr>"
          "<th class=\"n\">PID</th><th>name</th><th class=\"n\">RSS</th><th class=\"n\">PSS</th>"
          "<th class=\"n\">anon</th><th class=\"n\">file</th><th class=\"n\">swap</th></tr></thead>"
          "<tbody>\n",
          f);
    for (size_t i = 0; i < m->procs.n; i++) {
        const struct proc_info *p = &m->procs.procs[i];
        fprintf(f, "<tr><td class=\"n\" data-label=\"PID\">%d</td><td data-label=\"name\">",
                p->pid);
        html_escape(f, p->name);
        fprintf(f, "</td><td class=\"n\" data-label=\"RSS\">%s</td>", size_str(p->rss));
        fprintf(f, "<td class=\"n\" data-label=\"PSS\">%s</td>",
                p->has_smaps ? size_str(p->pss) : "–");
        fprintf(f,
                "<td class=\"n\" data-label=\"anon\">%s</td><td class=\"n\" data-label=\"file\">"
                "%s</td><td class=\"n\" data-label=\"swap\">%s</td></tr>\n",
                size_str(p->rss_anon), size_str(p->rss_file), size_str(p->swap));
    }
    fputs("</tbody></table></section>\n", f);
}

void report_html(FILE *f, const struct report_model *r)
{
    const struct machine *m = r->m;
    const char *kind = m->wsl.kind == WSL_2 ? "WSL2" : m->wsl.kind == WSL_1 ? "WSL1" : "Linux";
    const char *rel = machine_kernel_release(m);
    fputs("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"color-scheme\" content=\"light dark\">\n<title>headroom report</title>\n"
          "<style>\n",
          f);
    fputs(css, f);
    fputs("</style>\n</head>\n<body>\n<header><h1>headroom report</h1>\n<p class=\"muted\">", f);
    fputs(m->live ? "This machine" : "Snapshot ", f);
    if (!m->live)
        html_escape(f, r->root_path);
    fprintf(f, " · %s", kind);
    if (m->wsl.version[0]) {
        fputc(' ', f);
        html_escape(f, m->wsl.version);
    }
    if (rel) {
        fputs(" · kernel ", f);
        html_escape(f, rel);
    }
    if (m->cpus_st.state == PROBE_OK)
        fprintf(f, " · %u CPUs", m->cpus.online);
    fputs("</p></header>\n<main>\n", f);
    if (r->headline && r->doctor)
        report_headline_section(f, r);
    if (r->budget)
        report_host_section(f, r);
    memory_section(f, r);
    report_loaded_section(f, r);
    if (r->nmodels)
        models_section(f, r);
    if (r->log)
        report_timeline_section(f, r);
    if (r->doctor)
        doctor_section(f, r->doctor);
    report_config_section(f, r);
    processes_section(f, m);
    report_disk_section(f, r);
    char when[64];
    struct tm tm;
    gmtime_r(&r->now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
    fprintf(f, "</main>\n<footer class=\"muted\">headroom %s · generated %s · data from ",
            HEADROOM_VERSION, when);
    if (m->live) {
        fputs("this machine (live)", f);
    } else {
        fputs("the snapshot ", f);
        html_escape(f, r->root_path);
    }
    fputs("</footer>\n<script>\n", f);
    fputs(script, f);
    fputs("</script>\n</body>\n</html>\n", f);
}
