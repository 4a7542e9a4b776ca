#include "rules/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "wslconfig/lint.h"

struct finding *rule_emit(struct rule_out *o, enum severity sev, const char *title_fmt, ...)
{
    char title[512];
    va_list ap;
    va_start(ap, title_fmt);
    vsnprintf(title, sizeof(title), title_fmt, ap);
    va_end(ap);
    struct finding *f = findings_add(o->findings, o->rule->id, sev, "%s", title);
    finding_set_source(f, o->rule->source);
    return f;
}

struct finding *rule_emit_id(struct rule_out *o, const char *id, enum severity sev,
                             const char *title)
{
    struct finding *f = findings_add(o->findings, id, sev, "%s", title);
    finding_set_source(f, o->rule->source);
    return f;
}

bool rules_id_known(const char *id)
{
    return rules_find(id) != NULL || wsl_lint_id_known(id);
}

void rule_skip(struct rule_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->skip_why, sizeof(o->skip_why), fmt, ap);
    va_end(ap);
}

bool rules_need_wsl2(const struct doctor_input *in, struct rule_out *o)
{
    if (in->m->wsl.kind == WSL_2)
        return true;
    rule_skip(o, "not WSL2");
    return false;
}

const char *rules_where_meminfo(void)
{
    return "/proc/meminfo";
}

/* The entry of `list` equal to s, or NULL. */
static const char *list_entry(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0)
            return *list;
    return NULL;
}

static bool in_list(const char *const *list, const char *s)
{
    return list_entry(list, s) != NULL;
}

/* the rule's own area or one it also belongs to is in the list */
static bool in_areas(const struct rule *r, const char *const *areas)
{
    if (in_list(areas, r->area))
        return true;
    for (size_t i = 0; i < rules_also_count; i++)
        if (strcmp(rules_also_areas[i].id, r->id) == 0 && in_list(areas, rules_also_areas[i].area))
            return true;
    return false;
}

/* A rule that passes on findings under their own ids (wslconfig.lint
 * carries each `config lint` id) honours --skip and the ignore list per id. */
static bool suppressed(const struct doctor_filter *f, const struct rule *r, const char *id)
{
    if (!f || strcmp(id, r->id) == 0)
        return false;
    return in_list(f->skip_ids, id) || in_list(f->ignored, id);
}

const struct rule *rules_find(const char *id)
{
    for (size_t i = 0; i < rules_count; i++)
        if (strcmp(rules_table[i].id, id) == 0)
            return &rules_table[i];
    return NULL;
}

bool rules_area_exists(const char *area)
{
    for (size_t i = 0; i < rules_count; i++)
        if (strcmp(rules_table[i].area, area) == 0)
            return true;
    return false;
}

const char *rules_area_at(size_t i)
{
    for (size_t k = 0; k < rules_count; k++) {
        bool first = true;
        for (size_t e = 0; e < k && first; e++)
            first = strcmp(rules_table[e].area, rules_table[k].area) != 0;
        if (first && i-- == 0)
            return rules_table[k].area;
    }
    return NULL;
}

const char *rules_id_at(size_t i)
{
    if (i < rules_count)
        return rules_table[i].id;
    i -= rules_count;
    size_t nlint = 0;
    while (wsl_lint_rules[nlint])
        nlint++;
    if (i >= 2 * nlint)
        return NULL;
    /* built once: "wslconfig.NAME" then "wslconf.NAME" for each lint name,
     * the two forms wsl_lint_id_known() accepts */
    static char **lint_ids;
    if (!lint_ids) {
        lint_ids = xcalloc(2 * nlint, sizeof(*lint_ids));
        for (size_t k = 0; k < nlint; k++) {
            lint_ids[k] = xasprintf("wslconfig.%s", wsl_lint_rules[k]);
            lint_ids[nlint + k] = xasprintf("wslconf.%s", wsl_lint_rules[k]);
        }
    }
    return lint_ids[i];
}

void doctor_run(const struct doctor_input *in, const struct doctor_filter *f,
                struct doctor_result *ret)
{
    memset(ret, 0, sizeof(*ret));
    findings_init(&ret->findings);
    /* each rule's findings first go to its own list, so the result can be
     * assembled in severity order without losing the table's value order */
    struct findings *per_rule = xcalloc(rules_count, sizeof(*per_rule));
    size_t alloc_checked = 0, alloc_skipped = 0;
    for (size_t i = 0; i < rules_count; i++) {
        const struct rule *r = &rules_table[i];
        findings_init(&per_rule[i]);
        if (f && f->only_areas && !in_areas(r, f->only_areas))
            continue;
        const char *why = NULL;
        char buf[256];
        if (f && in_list(f->skip_ids, r->id))
            why = "--skip";
        else if (f && in_list(f->ignored, r->id)) {
            snprintf(buf, sizeof(buf), "ignored in %s",
                     f->ignore_file ? f->ignore_file : "the ignore list");
            why = buf;
        }
        if (why) {
            ret->skipped =
                xgrow(ret->skipped, ret->nskipped + 1, sizeof(*ret->skipped), &alloc_skipped);
            ret->skipped[ret->nskipped].id = r->id;
            snprintf(ret->skipped[ret->nskipped++].why, sizeof(ret->skipped[0].why), "%s", why);
            continue;
        }
        struct rule_out out = {.rule = r, .findings = &per_rule[i]};
        r->check(in, &out);
        if (out.skip_why[0]) {
            ret->skipped =
                xgrow(ret->skipped, ret->nskipped + 1, sizeof(*ret->skipped), &alloc_skipped);
            ret->skipped[ret->nskipped].id = r->id;
            snprintf(ret->skipped[ret->nskipped++].why, sizeof(ret->skipped[0].why), "%s",
                     out.skip_why);
            continue;
        }
        ret->checked =
            xgrow(ret->checked, ret->nchecked + 1, sizeof(*ret->checked), &alloc_checked);
        ret->checked[ret->nchecked++] = r->id;
        size_t shown = 0;
        for (size_t k = 0; k < per_rule[i].n; k++) {
            const char *id = per_rule[i].v[k].id;
            if (!suppressed(f, r, id)) {
                shown++;
                continue;
            }
            /* listed once under the filter's own copy of the id, which
             * outlives the per-rule list */
            const char *entry = list_entry(f->skip_ids, id);
            bool seen = false;
            if (!entry)
                entry = list_entry(f->ignored, id);
            for (size_t k2 = 0; k2 < ret->nskipped; k2++)
                seen |= ret->skipped[k2].id == entry;
            if (seen)
                continue;
            ret->skipped =
                xgrow(ret->skipped, ret->nskipped + 1, sizeof(*ret->skipped), &alloc_skipped);
            ret->skipped[ret->nskipped].id = entry;
            char *reason = ret->skipped[ret->nskipped++].why;
            if (in_list(f->skip_ids, id))
                snprintf(reason, sizeof(ret->skipped[0].why), "--skip");
            else
                snprintf(reason, sizeof(ret->skipped[0].why), "ignored in %s",
                         f->ignore_file ? f->ignore_file : "the ignore list");
        }
        if (shown == 0)
            ret->ok++;
    }
    static const enum severity order[] = {SEV_CRITICAL, SEV_WARNING, SEV_INFO};
    for (size_t s = 0; s < 3; s++) {
        for (size_t i = 0; i < rules_count; i++) {
            for (size_t k = 0; k < per_rule[i].n; k++) {
                struct finding *src = &per_rule[i].v[k];
                if (src->severity != order[s] || suppressed(f, &rules_table[i], src->id))
                    continue;
                /* move the strings over: the per-rule list is freed below */
                struct finding *dst =
                    findings_add(&ret->findings, src->id, src->severity, "%s", src->title);
                finding_set_source(dst, src->source);
                if (src->evidence)
                    finding_set_evidence(dst, "%s", src->evidence);
                if (src->fix)
                    finding_set_fix(dst, "%s", src->fix);
                if (src->file || src->line)
                    finding_set_location(dst, src->file, src->line, src->column);
            }
        }
    }
    for (size_t i = 0; i < rules_count; i++)
        findings_release(&per_rule[i]);
    free(per_rule);
}

void doctor_result_release(struct doctor_result *r)
{
    findings_release(&r->findings);
    free(r->checked);
    free(r->skipped);
    memset(r, 0, sizeof(*r));
}
