#include "rules/input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model-open.h"
#include "model/stores.h"
#include "probe/inference.h"
#include "probe/stat.h"
#include "util/sanitize.h"
#include "util/xalloc.h"
#include "wsl-facts.h"

/* Ollama's --model path as the root sees it: a Linux path, or the Windows
 * app's "C:\\Users\\..." through its drvfs mount (/mnt/c/Users/...). */
static bool ollama_model_rel(const char *path, char *buf, size_t n)
{
    if (path[0] == '/') {
        snprintf(buf, n, "%s", path + 1);
        return path[1] != '\0';
    }
    char drive = path[0];
    if (!((drive >= 'A' && drive <= 'Z') || (drive >= 'a' && drive <= 'z')) || path[1] != ':' ||
        path[2] != '\\' || strlen(path) + 8 > n)
        return false;
    int k = snprintf(buf, n, "mnt/%c/", drive | 0x20);
    for (const char *p = path + 3; *p; p++)
        buf[k++] = *p == '\\' ? '/' : *p;
    buf[k] = '\0';
    return true;
}

static void model_why(struct doctor_model *dm, const char *what, int err, const struct diag *dg)
{
    char clean[120];
    text_sanitize(what, strlen(what), clean, sizeof(clean));
    if (err == -EBADMSG && dg->message[0])
        snprintf(dm->why, sizeof(dm->why), "%s: %.160s", clean, dg->message);
    else if (err == -EXDEV)
        snprintf(dm->why, sizeof(dm->why), "%s: one shard of a split set", clean);
    else
        snprintf(dm->why, sizeof(dm->why), "%s: %s", clean, strerror(-err));
}

static void load_models(const struct rootfs *root, const struct machine *m,
                        struct doctor_models *ms)
{
    struct diag dg;
    struct doctor_model *o = &ms->ollama;
    snprintf(o->picked, sizeof(o->picked), "the model of Ollama's last load");
    if (m->ollama_st.state != PROBE_OK || !m->ollama.has_load || !m->ollama.last.model[0]) {
        snprintf(o->why, sizeof(o->why), "no model path in Ollama's log");
    } else {
        const char *path = m->ollama.last.model;
        char rel[600];
        text_sanitize(path, strlen(path), o->name, sizeof(o->name));
        int err = ollama_model_rel(path, rel, sizeof(rel)) ? model_open_root(root, rel, &o->m, &dg)
                                                           : -ENOENT;
        o->loaded = err == 0;
        if (err)
            model_why(o, path, err, &dg);
    }

    /* a running server's model: the first GGUF it maps (probe/inference.h) */
    struct doctor_model *run = &ms->running;
    struct inference_list il;
    snprintf(run->why, sizeof(run->why), "no inference process maps a model file");
    if (inference_scan(root, NULL, 0, m->page_size, &il) == 0) {
        for (unsigned i = 0; i < il.n && !run->loaded; i++) {
            const struct inference_proc *p = &il.procs[i];
            if (p->model[0] != '/' || !p->model[1])
                continue;
            char name[64];
            text_sanitize(p->name, strlen(p->name), name, sizeof(name));
            int err = model_open_root(root, p->model + 1, &run->m, &dg);
            run->loaded = err == 0;
            if (err) {
                model_why(run, p->model, err, &dg);
                continue;
            }
            text_sanitize(p->model, strlen(p->model), run->name, sizeof(run->name));
            snprintf(run->picked, sizeof(run->picked), "the model %s (PID %d) maps", name, p->pid);
        }
    }

    struct doctor_model *l = &ms->largest;
    snprintf(l->picked, sizeof(l->picked), "the largest model in the local stores");
    struct model_list list = {0};
    stores_find_all(root, root->live ? getenv("HOME") : NULL, &list, NULL, NULL);
    snprintf(l->why, sizeof(l->why), "no model in the local stores");
    /* the largest that reads as a whole GGUF, trying at most three */
    bool *tried = list.n ? xcalloc(list.n, sizeof(*tried)) : NULL;
    for (int attempt = 0; tried && attempt < 3 && !l->loaded; attempt++) {
        size_t best = list.n;
        for (size_t i = 0; i < list.n; i++)
            if (!tried[i] && (best == list.n || list.v[i].size > list.v[best].size))
                best = i;
        if (best == list.n)
            break;
        tried[best] = true;
        int err = model_open_root(root, list.v[best].path, &l->m, &dg);
        l->loaded = err == 0;
        const char *nm = list.v[best].name ? list.v[best].name : list.v[best].path;
        if (err)
            model_why(l, nm, err, &dg);
        else
            text_sanitize(nm, strlen(nm), l->name, sizeof(l->name));
    }
    free(tried);
    model_list_release(&list);
}

const struct doctor_model *doctor_model_pick(const struct doctor_input *in)
{
    if (!in->models)
        return NULL;
    if (in->models->running.loaded)
        return &in->models->running;
    if (in->models->ollama.loaded)
        return &in->models->ollama;
    if (in->models->largest.loaded)
        return &in->models->largest;
    return NULL;
}

void doctor_inputs_load(const struct rootfs *root, struct doctor_inputs *d)
{
    memset(d, 0, sizeof(*d));
    struct machine_opts mo = {.want = MACHINE_ALL};
    machine_load(&d->m, root, &mo);
    win_host_load(root, NULL, &d->host);

    struct diag dg;
    wsl_locate(root, root->live, &d->loc);
    if (d->loc.nfound == 1) {
        int r = wsl_config_load(root, d->loc.found[0], true, WSLF_WSLCONFIG, &d->cfg, &dg);
        d->have_cfg = r == 0 || r == -EBADMSG; /* an unreadable encoding is linted too */
        snprintf(d->cfg_display, sizeof(d->cfg_display), "/%s", d->loc.found[0]);
    }
    int r = wsl_config_load(root, "etc/wsl.conf", true, WSLF_WSLCONF, &d->conf, &dg);
    d->have_conf = r == 0 || r == -EBADMSG;

    host_facts_resolve(&d->m, d->have_cfg ? &d->cfg.ev : NULL, &d->host, 0, 0, &d->hostf);
    wsl_facts_from_machine(&d->m, &d->hostf, d->have_conf ? &d->conf : NULL, &d->facts);

    d->in.m = &d->m;
    d->in.host = &d->host;
    d->in.loc = &d->loc;
    d->in.wslconfig = d->have_cfg ? &d->cfg : NULL;
    d->in.wslconfig_display = d->cfg_display;
    d->in.wslconf = d->have_conf ? &d->conf : NULL;
    d->in.hostf = &d->hostf;
    d->in.facts = &d->facts;
    load_models(root, &d->m, &d->models);
    d->in.models = &d->models;
    watch_tail_read(root, &d->pm.watch, &d->pm.watch_st);
    stat_btime_read(root, &d->pm.btime, &d->pm.btime_st);
    d->in.pm = &d->pm;
}

void doctor_inputs_release(struct doctor_inputs *d)
{
    if (d->models.ollama.loaded)
        model_release(&d->models.ollama.m);
    if (d->models.largest.loaded)
        model_release(&d->models.largest.m);
    if (d->models.running.loaded)
        model_release(&d->models.running.m);
    if (d->have_cfg)
        wsl_config_release(&d->cfg);
    if (d->have_conf)
        wsl_config_release(&d->conf);
    wsl_locate_release(&d->loc);
    win_host_release(&d->host);
    machine_release(&d->m);
}
