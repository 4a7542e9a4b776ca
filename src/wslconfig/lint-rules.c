#include "wslconfig/lint-rules.h"

#include <stdio.h>
#include <string.h>

#include "wslconfig/rules.h"

void wsl_lint_overrides(const char *file, const struct wsldoc *doc, const struct wsl_eval *ev,
                        const struct wsl_facts *facts, struct findings *out)
{
    struct wsl_vm vm;
    wsl_eval_vm(ev, facts ? facts->host_ram : 0, facts ? facts->host_cpus : 0, &vm);
    for (size_t i = 0; i < ev->n; i++) {
        const struct wsl_setting *s = &ev->set[i];
        if (!s->overridden || !s->from_file || wsl_rule_expected(s))
            continue;
        const struct wsl_stmt *st = &ev->syn.v[s->stmt];
        char now[200], src[160];
        const char *v = wsl_setting_value(s, &vm, now, sizeof(now));
        /* swiotlb=0 asks WSL to compute the pool: worth knowing, no mistake */
        enum severity sev = s->rule == WSLR_SWIOTLB_DEFAULT ? SEV_INFO : SEV_WARNING;
        struct finding *f = findings_add(
            out, "wslconfig.overridden", sev, "%s=%s: WSL uses %s instead: %s", s->key->name,
            st->value, strcmp(v, "-") == 0 ? "a value that depends on the host" : v, s->why);
        finding_set_location(f, file, st->start.line + 1, st->vstart.col + 1);
        if (st->start.line < doc->nlines) {
            const struct wsldoc_line *l = &doc->lines[st->start.line];
            size_t n = l->text_len > 160 ? 160 : l->text_len;
            finding_set_evidence(f, "line %u: %.*s%s", st->start.line + 1, (int)n, l->text,
                                 l->text_len > n ? "..." : "");
        }
        if (s->rule == WSLR_SWIOTLB_DEFAULT) /* 0 is "compute one": unset does the same */
            finding_set_fix(f, "to choose the pool yourself: headroom config set swiotlb=SIZE");
        else
            finding_set_fix(f, "WSL does not use this value while %s\n$ headroom config unset %s",
                            s->why, s->key->name);
        finding_set_source(f, wsl_rule_source(s, src, sizeof(src)));
    }
}

const char *const wsl_lint_rules[] = {
    "bad-bool",           "bad-enum",
    "bad-escape",         "bad-int",
    "bad-memory-size",    "bad-section",
    "bad-value",          "bom",
    "duplicate-key",      "encoding",
    "gradual-hazard",     "graduated-key",
    "invalid-line",       "key-before-section",
    "line-ending",        "memory-over-host",
    "memory-too-small",   "no-effect",
    "no-swap-small-host", "overridden",
    "path-env-var",       "processors-over-host",
    "semicolon-comment",  "sparse-disabled",
    "stops-parsing",      "suspicious-size",
    "unclosed-quote",     "unknown-key",
    "wrong-section",      NULL,
};

bool wsl_lint_id_known(const char *id)
{
    const char *rest = strncmp(id, "wslconfig.", 10) == 0 ? id + 10
                       : strncmp(id, "wslconf.", 8) == 0  ? id + 8
                                                          : NULL;
    if (!rest)
        return false;
    for (const char *const *r = wsl_lint_rules; *r; r++)
        if (strcmp(*r, rest) == 0)
            return true;
    return false;
}
