#include "recommend.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/size.h"
#include "wslconfig/schema.h"

/* "16 GB", "6.7 GB", "300 MB": the units a .wslconfig uses (binary). */
const char *wsl_gb_str(uint64_t b, char *buf, size_t n)
{
    if (b < GIB) {
        snprintf(buf, n, "%llu MB", (unsigned long long)((b + MIB / 2) / MIB));
    } else {
        uint64_t tenths = (b * 10 + GIB / 2) / GIB;
        if (tenths % 10 == 0)
            snprintf(buf, n, "%llu GB", (unsigned long long)(tenths / 10));
        else
            snprintf(buf, n, "%llu.%llu GB", (unsigned long long)(tenths / 10),
                     (unsigned long long)(tenths % 10));
    }
    return buf;
}

static struct wsl_rec_item *item(struct wsl_recommendation *r, const char *section, const char *key)
{
    static struct wsl_rec_item scratch; /* when full: written, never shown */
    struct wsl_rec_item *it = &scratch;
    if (r->n < sizeof(r->items) / sizeof(r->items[0]))
        it = &r->items[r->n++];
    memset(it, 0, sizeof(*it));
    snprintf(it->section, sizeof(it->section), "%s", section);
    snprintf(it->key, sizeof(it->key), "%s", key);
    return it;
}

static bool managed_key(const char *name)
{
    static const char *const keys[] = {
        "memory", "processors", "swap", "kernelCommandLine", "autoMemoryReclaim", "sparseVhd"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (strcasecmp(name, keys[i]) == 0)
            return true;
    return false;
}

static bool has_psi(const char *cmdline)
{
    for (const char *p = cmdline; (p = strstr(p, "psi=")); p++)
        if (p == cmdline || p[-1] == ' ')
            return true;
    return false;
}

/* The file's text; item_line[i] is the 1-based line of item i. */
static void render(const struct wsl_recommendation *rec, const struct host_facts *host,
                   const bool *drop, enum wsl_eol eol, struct strbuf *out, unsigned *item_line)
{
    const char *nl = wsl_eol_bytes(eol);
    unsigned line = 0;
    char b1[32];
#define LINE(...)                                                                                  \
    do {                                                                                           \
        strbuf_addf(out, __VA_ARGS__);                                                             \
        strbuf_addstr(out, nl);                                                                    \
        line++;                                                                                    \
    } while (0)
    LINE("# .wslconfig recommended by headroom (profile: %s) for a host with %s of RAM",
         budget_profile_name(rec->budget.profile), wsl_gb_str(host->ram, b1, sizeof(b1)));
    LINE("# Host RAM: %s", host->ram_from);
    LINE("# Apply: headroom config apply --recommended%s; then run `wsl.exe --shutdown` from "
         "Windows.",
         rec->apply_args);
    static const char *const sections[] = {"wsl2", "experimental", "general"};
    for (size_t s = 0; s < 3; s++) {
        bool any = false;
        for (size_t i = 0; i < rec->n; i++)
            any = any || (!drop[i] && strcmp(rec->items[i].section, sections[s]) == 0);
        bool notes_here = s == 1 && rec->nnotes;
        if (!any && !notes_here)
            continue;
        LINE("%s", "");
        LINE("[%s]", sections[s]);
        for (size_t i = 0; i < rec->n; i++) {
            const struct wsl_rec_item *it = &rec->items[i];
            if (drop[i] || strcmp(it->section, sections[s]) != 0)
                continue;
            LINE("# %s", it->why);
            LINE("%s=%s", it->key, it->value);
            item_line[i] = line;
        }
        if (notes_here)
            for (size_t k = 0; k < rec->nnotes; k++)
                LINE("# %s", rec->notes[k]);
    }
#undef LINE
}

/* swap=: half of memory, rounded up to a whole GB, within 4-8 GB */
static void swap_item(struct wsl_rec_item *it, uint64_t mem)
{
    char b1[32];
    uint64_t swap = (mem / 2 + GIB - 1) / GIB * GIB;
    if (swap < 4 * GIB)
        swap = 4 * GIB;
    if (swap > 8 * GIB)
        swap = 8 * GIB;
    snprintf(it->value, sizeof(it->value), "%lluGB", (unsigned long long)(swap / GIB));
    snprintf(it->plain, sizeof(it->plain), "%s", it->value);
    uint64_t half = (mem / 2 + GIB - 1) / GIB * GIB;
    snprintf(it->why, sizeof(it->why),
             "%s%s%s: room for the spike while a model loads (WSL's own "
             "default is a quarter of memory)",
             swap == half  ? "half of memory, rounded up to a whole GB"
             : swap > half ? "the floor of 4 GB (half of memory would be "
                           : "the cap of 8 GB (half of memory would be ",
             swap == half ? "" : wsl_gb_str(half, b1, sizeof(b1)), swap == half ? "" : ")");
}

static struct wsl_rec_item *find_item(struct wsl_recommendation *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].key, key) == 0)
            return &r->items[i];
    return NULL;
}

void wsl_recommend_size_for(struct wsl_recommendation *rec, const struct workload *w)
{
    struct wsl_rec_item *it = find_item(rec, "memory");
    if (!rec->ok || !it)
        return;
    char b1[32], b2[32], b3[32], b4[32], b5[32];
    uint64_t mem = w->fits ? w->memory : rec->budget.recommended_memory;
    snprintf(it->value, sizeof(it->value), "%lluGB", (unsigned long long)(mem / GIB));
    snprintf(it->plain, sizeof(it->plain), "%s", it->value);
    int l =
        snprintf(it->why, sizeof(it->why),
                 "the models %s (headroom fit) + the guest's programs %s + "
                 "margin %s = %s",
                 wsl_gb_str(w->models_ram, b1, sizeof(b1)), wsl_gb_str(w->baseline, b2, sizeof(b2)),
                 wsl_gb_str(w->margin, b3, sizeof(b3)), wsl_gb_str(w->need, b4, sizeof(b4)));
    if (l < 0 || (size_t)l >= sizeof(it->why))
        return;
    if (w->fits)
        snprintf(it->why + l, sizeof(it->why) - (size_t)l,
                 ", rounded up to a whole GB (2 GB at least); the host leaves %s for AI",
                 wsl_gb_str((uint64_t)w->room, b5, sizeof(b5)));
    else
        snprintf(it->why + l, sizeof(it->why) - (size_t)l,
                 "; it does not fit: the host leaves %s for AI, so memory= is the most it can give",
                 w->room > 0 ? wsl_gb_str((uint64_t)w->room, b5, sizeof(b5)) : "nothing");
    struct wsl_rec_item *sw = find_item(rec, "swap");
    if (sw)
        swap_item(sw, mem);
}

void wsl_recommend(const struct host_facts *host, enum budget_profile p, const struct machine *m,
                   const struct wsl_eval *current, const struct wsl_facts *facts,
                   struct wsl_recommendation *ret)
{
    memset(ret, 0, sizeof(*ret));
    struct wsl_vm vm;
    char limit_from[160] = "";
    if (current) {
        wsl_eval_vm(current, host->ram, host->cpus, &vm);
        const struct wsl_setting *s = wsl_eval_get(current, "wsl2.memory");
        if (s && s->from_file)
            snprintf(limit_from, sizeof(limit_from), ".wslconfig line %u: memory=%s",
                     wsl_stmt_line(&current->syn.v[s->stmt]), s->text);
        else
            snprintf(limit_from, sizeof(limit_from), "no memory= in .wslconfig");
    }
    /* the profile's figures, not what Windows holds this minute: a
     * .wslconfig has to hold on a busy day too */
    budget_compute(host, p, m, current ? &vm : NULL, limit_from, NULL, &ret->budget);
    if (!ret->budget.recommended_known)
        return;
    ret->ok = true;
    const struct budget *b = &ret->budget;
    char b1[32], b2[32], b3[32], b4[32], b5[32];

    /* memory */
    uint64_t mem = b->recommended_memory;
    struct wsl_rec_item *it = item(ret, "wsl2", "memory");
    snprintf(it->value, sizeof(it->value), "%lluGB", (unsigned long long)(mem / GIB));
    snprintf(it->plain, sizeof(it->plain), "%s", it->value);
    if (b->left >= (int64_t)(2 * GIB))
        snprintf(it->why, sizeof(it->why),
                 "%s host - %s Windows + services - %s browser - %s WSL overhead = %s left for "
                 "AI, rounded down",
                 wsl_gb_str(host->ram, b1, sizeof(b1)),
                 wsl_gb_str(b->lines[1].bytes, b2, sizeof(b2)),
                 wsl_gb_str(b->lines[2].bytes, b3, sizeof(b3)),
                 wsl_gb_str(b->lines[3].bytes, b4, sizeof(b4)),
                 wsl_gb_str((uint64_t)b->left, b5, sizeof(b5)));
    else
        snprintf(it->why, sizeof(it->why),
                 "this host has almost no room left after Windows and a browser (%s); 2 GB is "
                 "the least that runs a small model",
                 b->left > 0 ? wsl_gb_str((uint64_t)b->left, b1, sizeof(b1)) : "none");
    if (p == BUDGET_MINIMAL) {
        /* the minimal profile assumes a trimmed Windows; say what that
         * costs on a typical day */
        struct budget typ;
        budget_compute(host, BUDGET_TYPICAL, m, current ? &vm : NULL, limit_from, NULL, &typ);
        if (typ.recommended_known && typ.recommended_memory < mem) {
            size_t l = strlen(it->why);
            snprintf(it->why + l, sizeof(it->why) - l,
                     "; above the %s a typical day leaves (--profile typical)%s: Windows gets "
                     "squeezed while the page cache waits for dropcache",
                     wsl_gb_str(typ.recommended_memory, b2, sizeof(b2)),
                     host->ram && mem > host->ram / 2 ? " and WSL's default of half the host" : "");
        }
    }

    /* processors */
    const struct wsl_setting *cur_cpu = current ? wsl_eval_get(current, "wsl2.processors") : NULL;
    if (host->cpus) {
        unsigned c = host->cpus <= 2   ? host->cpus
                     : host->cpus <= 4 ? host->cpus - 1
                                       : host->cpus - 2;
        it = item(ret, "wsl2", "processors");
        snprintf(it->value, sizeof(it->value), "%u", c);
        snprintf(it->plain, sizeof(it->plain), "%s", it->value);
        snprintf(it->why, sizeof(it->why), "%u logical CPUs on the host (%s); %s", host->cpus,
                 host_source_name(host->cpus_src),
                 c == host->cpus       ? "all of them on so small a host"
                 : c + 1 == host->cpus ? "one stays with Windows"
                                       : "two stay with Windows");
    } else if (cur_cpu && cur_cpu->from_file && cur_cpu->i > 0) {
        it = item(ret, "wsl2", "processors");
        snprintf(it->value, sizeof(it->value), "%d", cur_cpu->i);
        snprintf(it->plain, sizeof(it->plain), "%s", it->value);
        snprintf(it->why, sizeof(it->why),
                 "kept from your .wslconfig: the host's CPU count is unknown (--host-cpus N); "
                 "WSL clamps it to the host's count anyway");
    } else {
        snprintf(ret->notes[ret->nnotes++], sizeof(ret->notes[0]),
                 "processors is left out: the host's CPU count is unknown (--host-cpus N), and "
                 "WSL then gives the VM all of them");
    }

    /* swap */
    swap_item(item(ret, "wsl2", "swap"), mem);

    /* kernelCommandLine */
    const struct wsl_setting *cl = current ? wsl_eval_get(current, "wsl2.kernelCommandLine") : NULL;
    const char *cur = cl && cl->from_file && cl->text ? cl->text : "";
    char cmdline[400];
    if (has_psi(cur))
        snprintf(cmdline, sizeof(cmdline), "%s", cur);
    else
        snprintf(cmdline, sizeof(cmdline), "%s%spsi=1", cur, cur[0] ? " " : "");
    char quoted[512];
    if (wsl_quote_value(cmdline, quoted, sizeof(quoted))) {
        it = item(ret, "wsl2", "kernelCommandLine");
        snprintf(it->value, sizeof(it->value), "%s", quoted);
        snprintf(it->plain, sizeof(it->plain), "%s", cmdline);
        snprintf(it->why, sizeof(it->why),
                 "psi=1 turns memory pressure (PSI) on where the kernel has it but switches it "
                 "off (WSL's 6.6 kernels); it does nothing on WSL's 5.15 kernels, built without "
                 "it (microsoft/WSL#11147); headroom and OOM daemons read it%s",
                 cur[0] ? "; the rest is kept from your .wslconfig" : "");
    }

    /* autoMemoryReclaim */
    it = item(ret, "experimental", "autoMemoryReclaim");
    snprintf(it->value, sizeof(it->value), "dropcache");
    snprintf(it->plain, sizeof(it->plain), "dropcache");
    snprintf(it->why, sizeof(it->why),
             "drops the page cache after about 10 idle minutes (WSL's default since 2.1.3, "
             "written out); gradual hangs with systemd and WSLg (microsoft/WSL#10675, "
             "#13542)");
    snprintf(ret->notes[ret->nnotes++], sizeof(ret->notes[0]),
             "sparseVhd is left out: current WSL creates new disks non-sparse whatever it says "
             "(\"potential data corruption\"); for an existing disk, at your own risk: "
             "wsl.exe --manage <distro> --set-sparse true --allow-unsafe");
    snprintf(ret->notes[ret->nnotes++], sizeof(ret->notes[0]),
             "pageReporting is left out: removed in WSL 1.1.7 (microsoft/WSL#9899); free pages "
             "go back to Windows without a switch");
    ret->managed = ret->n;

    /* the current file's other valid settings */
    if (current) {
        for (size_t i = 0; i < current->n; i++) {
            const struct wsl_setting *s = &current->set[i];
            if (!s->from_file || managed_key(s->key->name) || !s->text)
                continue;
            char q[512];
            if (!wsl_quote_value(s->text, q, sizeof(q)))
                continue;
            it = item(ret, s->key->section, s->key->name);
            snprintf(it->value, sizeof(it->value), "%s", q);
            snprintf(it->plain, sizeof(it->plain), "%s", s->text);
            snprintf(it->why, sizeof(it->why), "kept from your .wslconfig (line %u)",
                     wsl_stmt_line(&current->syn.v[s->stmt]));
        }
    }

    /* Lint the result with the same facts; a kept line lint faults is left
     * out, so what is printed lints clean. */
    bool drop[80] = {0};
    for (int round = 0; round < 4; round++) {
        struct strbuf text = STRBUF_INIT;
        unsigned lines[80] = {0};
        render(ret, host, drop, WSLEOL_LF, &text, lines);
        struct wsldoc doc;
        wsldoc_parse(text.buf, text.len, false, &doc);
        struct wsl_eval ev;
        wsl_eval_run(&doc, WSLF_WSLCONFIG, &ev);
        struct findings fs;
        findings_init(&fs);
        wsl_lint(".wslconfig", &doc, &ev, facts, &fs);
        bool changed = false;
        for (size_t k = 0; k < fs.n; k++)
            for (size_t i = ret->managed; i < ret->n; i++)
                if (!drop[i] && lines[i] == fs.v[k].line) {
                    drop[i] = true;
                    changed = true;
                }
        findings_release(&fs);
        wsl_eval_release(&ev);
        wsldoc_release(&doc);
        strbuf_release(&text);
        if (!changed)
            break;
    }
    /* compact the dropped ones away */
    size_t o = 0;
    for (size_t i = 0; i < ret->n; i++)
        if (!drop[i])
            ret->items[o++] = ret->items[i];
    ret->n = o;
}

void wsl_recommend_text(const struct wsl_recommendation *rec, const struct host_facts *host,
                        enum wsl_eol eol, struct strbuf *out)
{
    bool drop[80] = {0};
    unsigned lines[80];
    render(rec, host, drop, eol, out, lines);
}
