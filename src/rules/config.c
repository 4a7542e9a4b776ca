/* Rules about the .wslconfig WSL uses and /etc/wsl.conf: is there one,
 * did it take effect, is its reclaim mode safe here, and every finding of
 * `config lint` for both files (src/wslconfig/). */
#include <stdio.h>
#include <string.h>

#include "budget.h"
#include "rules/rules.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/strbuf.h"
#include "wsl-facts.h"
#include "wslconfig/wslconfig.h"

#define SHUTDOWN_FIX "$ wsl.exe --shutdown   # restarts WSL: closes every WSL window, this one too"

/* The .wslconfig in use, or why there is none to judge (skips the rule). */
static const struct wsl_config *need_wslconfig(const struct doctor_input *in, struct rule_out *o)
{
    if (in->wslconfig)
        return in->wslconfig;
    if (in->loc && in->loc->nfound > 1)
        rule_skip(o,
                  "%zu .wslconfig files under /mnt/c/Users: check one with headroom config lint "
                  "--file PATH",
                  in->loc->nfound);
    else
        rule_skip(o, "no .wslconfig (see wsl.no-wslconfig)");
    return NULL;
}

void check_wsl_no_wslconfig(const struct doctor_input *in, struct rule_out *o)
{
    if (!rules_need_wsl2(in, o))
        return;
    const struct wsl_locate *loc = in->loc;
    const struct win_host *h = in->host;
    bool host_says = h && h->state == WIN_HOST_OK && h->wslconfig.known;
    if (!loc) {
        rule_skip(o, "the .wslconfig was not looked for");
        return;
    }
    if (loc->nfound > 1) {
        rule_skip(o, "%zu .wslconfig files: which one WSL reads depends on the Windows user",
                  loc->nfound);
        return;
    }
    if (loc->nfound == 1 || (host_says && h->wslconfig.v))
        return;
    if (loc->nprofiles == 0 && !host_says) {
        rule_skip(o, "no Windows profile under /mnt/c/Users to look in, and no host data");
        return;
    }
    const struct meminfo *mi = &in->m->meminfo;
    /* the default limit as every command gives it (wsl_default_memory() of
     * the host's RAM), not MemTotal, which is that minus what the kernel
     * keeps for itself */
    char here[64];
    if (in->hostf && in->hostf->ram)
        snprintf(here, sizeof(here), "%s here", size_str(wsl_default_memory(in->hostf->ram)));
    else
        snprintf(here, sizeof(here), "host RAM unknown; the VM has %s", size_str(mi->mem_total));
    struct finding *f = rule_emit(o, SEV_WARNING,
                                  "No .wslconfig: WSL takes up to half of the host's RAM (%s) "
                                  "and swap of a quarter of that",
                                  here);
    struct strbuf ev = STRBUF_INIT;
    if (loc->nprofiles)
        strbuf_addf(&ev, "no .wslconfig in /%s (%s)", loc->profiles[0], loc->method);
    else
        strbuf_addf(&ev, "the Windows host data says %s has no .wslconfig",
                    h->profile_path.s ? h->profile_path.s : "the profile");
    strbuf_addf(&ev, "; MemTotal %s, SwapTotal %s (/proc/meminfo)", size_str(mi->mem_total),
                size_str(mi->swap_total));
    if (in->hostf && in->hostf->ram)
        strbuf_addf(&ev, "; host RAM %s (%s)", size_str(in->hostf->ram), in->hostf->ram_from);
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);
    finding_set_fix(
        f, "$ headroom config recommend   # a .wslconfig sized for this host, with reasons\n"
           "$ headroom config apply --recommended   # writes it\n" SHUTDOWN_FIX);
}

void check_wsl_limits_not_applied(const struct doctor_input *in, struct rule_out *o)
{
    if (!rules_need_wsl2(in, o))
        return;
    const struct wsl_config *cfg = need_wslconfig(in, o);
    if (!cfg)
        return;
    struct wsl_vm vm;
    wsl_eval_vm(&cfg->ev, in->hostf ? in->hostf->ram : 0, in->hostf ? in->hostf->cpus : 0, &vm);
    struct strbuf ev = STRBUF_INIT;
    wsl_vm_not_applied(in->m, &cfg->ev, &vm, in->wslconfig_display, &ev);
    if (ev.len) {
        struct finding *f = rule_emit(o, SEV_WARNING,
                                      "The VM does not have the .wslconfig's limits: WSL reads it "
                                      "only when its VM starts, and drops a value it rejects");
        finding_set_evidence(f, "%s", ev.buf);
        finding_set_fix(
            f, "restart WSL; when it is back, headroom doctor checks that the values "
               "took, and headroom config lint shows what WSL does with each line\n" SHUTDOWN_FIX);
    }
    strbuf_release(&ev);
}

/* A lint finding's evidence, prefixed with its file: lint's own evidence
 * starts "line N: ..." when it quotes the line. */
static void lint_evidence(struct finding *f, const char *file, const struct finding *x)
{
    if (x->evidence && strncmp(x->evidence, "line ", 5) == 0)
        finding_set_evidence(f, "%s %s", file, x->evidence);
    else if (x->evidence && *x->evidence)
        finding_set_evidence(f, "%s:%u: %s", file, x->line, x->evidence);
    else
        finding_set_evidence(f, "%s:%u:%u", file, x->line, x->column);
}

/* The hazard is config lint's wslconfig.gradual-hazard (which knows what
 * the facts say about systemd, Docker Desktop and WSLg); the doctor carries
 * it under its own id, with the restart the change needs. */
void check_wsl_systemd_gradual(const struct doctor_input *in, struct rule_out *o)
{
    if (!rules_need_wsl2(in, o))
        return;
    if (!in->wslconfig) {
        rule_skip(o, "no .wslconfig: WSL's default reclaim is dropCache, not gradual");
        return;
    }
    struct findings fs;
    findings_init(&fs);
    wsl_config_lint(in->wslconfig, in->wslconfig_display, in->facts, &fs);
    for (size_t i = 0; i < fs.n; i++) {
        const struct finding *x = &fs.v[i];
        if (strcmp(x->id, "wslconfig.gradual-hazard") != 0)
            continue;
        struct finding *f = rule_emit(o, x->severity, "%s", x->title);
        lint_evidence(f, in->wslconfig_display, x);
        finding_set_fix(f,
                        "%s\n" SHUTDOWN_FIX "\n"
                        "for gradual reclaim without these hangs, run headroom's own from inside "
                        "the guest (sudo headroom watch)",
                        x->fix ? x->fix : "$ headroom config set autoMemoryReclaim=dropcache");
        if (x->source)
            finding_set_source(f, x->source);
        finding_set_location(f, x->file, x->line, x->column);
    }
    findings_release(&fs);
}

/* Copies one lint finding into the doctor's result under its own id. */
static void pass_on(struct rule_out *o, const struct finding *x)
{
    struct finding *f = rule_emit_id(o, x->id, x->severity, x->title);
    lint_evidence(f, x->file ? x->file : "?", x);
    if (x->fix && *x->fix)
        finding_set_fix(f, "%s", x->fix);
    else
        finding_set_fix(f, "$ headroom config lint%s   # the line and what WSL does with it",
                        strncmp(x->id, "wslconf.", 8) == 0 ? " --wsl-conf" : "");
    finding_set_source(f, x->source);
    finding_set_location(f, x->file, x->line, x->column);
}

void check_config_lint(const struct doctor_input *in, struct rule_out *o)
{
    if (!in->wslconfig && !in->wslconf) {
        if (in->loc && in->loc->nfound > 1)
            rule_skip(o,
                      "%zu .wslconfig files under /mnt/c/Users and no /etc/wsl.conf: lint one "
                      "with headroom config lint --file PATH",
                      in->loc->nfound);
        else
            rule_skip(o, "no .wslconfig and no /etc/wsl.conf to lint");
        return;
    }
    struct findings fs;
    findings_init(&fs);
    if (in->wslconfig)
        wsl_config_lint(in->wslconfig, in->wslconfig_display, in->facts, &fs);
    if (in->wslconf)
        wsl_config_lint(in->wslconf, "/etc/wsl.conf", in->facts, &fs);
    findings_sort(&fs);
    for (size_t i = 0; i < fs.n; i++) {
        /* gradual with systemd/Docker/WSLg is wsl.systemd-gradual's finding */
        if (strcmp(fs.v[i].id, "wslconfig.gradual-hazard") == 0)
            continue;
        pass_on(o, &fs.v[i]);
    }
    findings_release(&fs);
}
