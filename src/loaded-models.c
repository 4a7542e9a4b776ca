#include "loaded-models.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/gguf.h"

const char *loaded_source_name(enum loaded_source s)
{
    switch (s) {
    case LOADED_OLLAMA:
        return "ollama";
    case LOADED_PROCESSES:
        return "processes";
    case LOADED_NONE:
        break;
    }
    return "none";
}

/* The architecture and size of a mapped model, read through the root: live
 * only, since a snapshot does not hold the model files. */
static void read_header(const struct rootfs *r, struct loaded_proc *p)
{
    if (!r->live || p->file[0] != '/')
        return;
    int fd;
    if (rootfs_open(r, p->file + 1, O_RDONLY | O_NONBLOCK, &fd) < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        p->file_bytes = (uint64_t)st.st_size;
        struct gguf_file g;
        struct diag d;
        diag_clear(&d);
        if (gguf_open_fd(fd, p->file, &g, &d) == 0) {
            const char *arch = gguf_get_cstr(&g, "general.architecture");
            if (arch)
                snprintf(p->architecture, sizeof(p->architecture), "%s", arch);
            gguf_free(&g);
        }
    }
    close(fd);
}

void loaded_models_as_saved(struct loaded_models *lm)
{
    if (lm->source == LOADED_OLLAMA)
        return;
    snprintf(lm->ollama_why, sizeof(lm->ollama_why),
             "Ollama's /api/ps: not in this snapshot (%s: Ollama did not answer when it was "
             "taken)",
             OLLAMA_PS_SNAPSHOT_PATH);
}

void loaded_models_read(const struct machine *m, struct loaded_models *ret, struct strbuf *raw)
{
    memset(ret, 0, sizeof(*ret));
    char host[256] = "";
    if (m->live)
        machine_getenv(m, "OLLAMA_HOST", host, sizeof(host));
    if (ollama_ps_read(m->root, host, &ret->ps, raw, &ret->ps_st) == 0) {
        ret->source = LOADED_OLLAMA;
        return;
    }
    char why[200];
    if (!m->live && ret->ps_st.state == PROBE_UNAVAILABLE && ret->ps_st.error == -ENOENT)
        loaded_models_as_saved(ret);
    else
        snprintf(ret->ollama_why, sizeof(ret->ollama_why), "Ollama's /api/ps: %.140s",
                 probe_status_reason(&ret->ps_st, why, sizeof(why)));
    struct inference_list l;
    inference_from_procs(m->root, m->procs.all, m->procs.nall, m->page_size, &l);
    for (unsigned i = 0; i < l.n && ret->nprocs < INFERENCE_MAX; i++) {
        if (!l.procs[i].model[0])
            continue; /* matched by name alone: it maps no model file */
        struct loaded_proc *p = &ret->procs[ret->nprocs++];
        p->pid = l.procs[i].pid;
        snprintf(p->process, sizeof(p->process), "%s", l.procs[i].name);
        snprintf(p->file, sizeof(p->file), "%s", l.procs[i].model);
        p->resident = l.procs[i].rss_file;
        read_header(m->root, p);
    }
    ret->source = ret->nprocs ? LOADED_PROCESSES : LOADED_NONE;
}
