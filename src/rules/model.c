/* Model rules: where the model files are (model.on-drvfs) and how many
 * copies of each there are (model.duplicates). */
#include "rules/model.h"

#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/shell-word.h"
#include "util/size.h"

void model_drvfs_where(const struct model_placement *pl, struct strbuf *sb)
{
    char t[300], w[100];
    text_sanitize(pl->mount_target, strlen(pl->mount_target), t, sizeof(t));
    text_sanitize(pl->windows_path, strlen(pl->windows_path), w, sizeof(w));
    strbuf_addf(sb, "%s (%s, the Windows drive %s)", t, pl->fstype, w[0] ? w : "?");
}

void model_drvfs_speed(const struct model_placement *pl, struct strbuf *sb)
{
    const struct read_speed *s = &pl->speed;
    if (!s->measured) {
        strbuf_addf(sb, "read speed %s", s->why_not[0] ? s->why_not : "not measured");
        return;
    }
    char ms[32];
    snprintf(ms, sizeof(ms), "%.1f s", (double)s->ns / 1e9);
    strbuf_addf(sb, "read %s in %s (%s/s), one bounded read just now", size_str(s->bytes), ms,
                size_str(read_speed_bps(s)));
}

/* The Ollama store a blob path belongs to ("/mnt/c/.../models"), or 0. */
static size_t ollama_store_len(const char *path)
{
    const char *b = strstr(path, "/blobs/sha256-");
    return b ? (size_t)(b - path) : 0;
}

void model_drvfs_fix(const struct model_placement *pl, const char *who, struct strbuf *fix)
{
    struct strbuf src = STRBUF_INIT, cmd = STRBUF_INIT;
    const char *path = pl->real[0] ? pl->real : pl->path;
    size_t store = ollama_store_len(path);
    char shown[600];
    if (store) {
        char dir[512];
        snprintf(dir, sizeof(dir), "%.*s", (int)store, path);
        bool ok = shell_word_add(&src, dir);
        strbuf_addstr(fix, "copy the Ollama store into the distro's own disk (ext4), where the "
                           "weights load at disk speed and can be mapped; then point WSL's Ollama "
                           "at the copy (OLLAMA_MODELS, or replace the link to the Windows drive: "
                           "for the Linux service, sudo systemctl edit ollama.service, "
                           "Environment=\"OLLAMA_MODELS=...\" under [Service], and give the copy "
                           "to the user ollama with chown -R) and restart it; the copy needs as "
                           "much free space in the distro as the store holds");
        if (ok)
            strbuf_addf(&cmd, "$ mkdir -p ~/.ollama && cp -r -- %s ~/.ollama/", src.buf);
    } else {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        bool ok = shell_word_add(&src, path);
        text_sanitize(base, strlen(base), shown, sizeof(shown));
        strbuf_addf(fix,
                    "copy the model into the distro's own disk (ext4), where it loads at disk "
                    "speed and can be mapped, then start %s with -m ~/models/%s; delete the "
                    "Windows copy (or use mv instead of cp) once nothing on Windows needs it",
                    who ? who : "the program", shown);
        if (ok)
            strbuf_addf(&cmd, "$ mkdir -p ~/models && cp -- %s ~/models/", src.buf);
    }
    if (cmd.len) {
        strbuf_addstr(fix, ":\n");
        strbuf_add(fix, cmd.buf, cmd.len);
    } else {
        strbuf_addstr(fix, " (the path holds bytes no command should carry: copy it by hand)");
    }
    strbuf_release(&src);
    strbuf_release(&cmd);
}

void check_model_on_drvfs(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (m->mounts_st.state != PROBE_OK) {
        rule_skip(o, "the mount table (/proc/self/mounts) could not be read");
        return;
    }
    if (m->procs_st.state != PROBE_OK) {
        rule_skip(o, "processes could not be read");
        return;
    }
    for (unsigned i = 0; i < m->drvfs_models.n; i++) {
        const struct model_placement *pl = &m->drvfs_models.v[i];
        char name[80], path[600];
        text_sanitize(pl->proc_name, strlen(pl->proc_name), name, sizeof(name));
        text_sanitize(pl->path, strlen(pl->path), path, sizeof(path));
        struct strbuf where = STRBUF_INIT, speed = STRBUF_INIT, fix = STRBUF_INIT;
        model_drvfs_where(pl, &where);
        model_drvfs_speed(pl, &speed);
        struct finding *f =
            pl->mapped ? rule_emit(o, SEV_WARNING,
                                   "%s (PID %d) maps a model on a Windows drive: every page it "
                                   "touches is read over 9p, slowly, into the VM's memory",
                                   name, pl->pid)
                       : rule_emit(o, SEV_WARNING,
                                   "%s (PID %d) runs a model from a Windows drive: it is read "
                                   "over 9p and, as reported, cannot be memory-mapped there, so "
                                   "the weights are copied into the VM's memory",
                                   name, pl->pid);
        char real[600] = "";
        if (strcmp(pl->real, pl->path) != 0) {
            char r[560];
            text_sanitize(pl->real, strlen(pl->real), r, sizeof(r));
            snprintf(real, sizeof(real), ", through a link: %s", r);
        }
        finding_set_evidence(f, "%s (%s%s) is on %s (/proc/self/mounts); %s %s (/proc/%d/%s); %s",
                             path, pl->size ? size_str(pl->size) : "size unknown", real, where.buf,
                             name, pl->mapped ? "maps it" : "names it on its command line", pl->pid,
                             pl->mapped ? "maps" : "cmdline", speed.buf);
        model_drvfs_fix(pl, name, &fix);
        finding_set_fix(f, "%s", fix.buf);
        strbuf_release(&where);
        strbuf_release(&speed);
        strbuf_release(&fix);
    }
}

/* One file system's copies of a group: the mount, and which copies. */
struct fs_copies {
    const char *mount, *fstype;
    bool windows_drive;
    unsigned idx[DUPS_COPIES_MAX];
    unsigned n;
};

static unsigned group_by_fs(const struct dup_group *g, struct fs_copies *out)
{
    unsigned nfs = 0;
    for (unsigned i = 0; i < g->n; i++) {
        unsigned k = 0;
        while (k < nfs && strcmp(out[k].mount, g->c[i].mount) != 0)
            k++;
        if (k == nfs) {
            out[nfs] = (struct fs_copies){.mount = g->c[i].mount,
                                          .fstype = g->c[i].fstype,
                                          .windows_drive = g->c[i].windows_drive};
            nfs++;
        }
        out[k].idx[out[k].n++] = i;
    }
    return nfs;
}

static void add_sanitized(struct strbuf *sb, const char *s)
{
    char buf[700];
    strbuf_addstr(sb, text_sanitize(s, strlen(s), buf, sizeof(buf)));
}

void check_model_duplicates(const struct doctor_input *in, struct rule_out *o)
{
    const struct model_dups *d = in->m->model_dups;
    if (!d) {
        rule_skip(o, "the model stores were not looked at");
        return;
    }
    for (unsigned gi = 0; gi < d->n; gi++) {
        const struct dup_group *g = &d->g[gi];
        struct fs_copies fsc[DUPS_COPIES_MAX];
        unsigned nfs = group_by_fs(g, fsc);
        uint64_t wasted = dup_group_wasted(g);
        char name[200];
        text_sanitize(g->c[0].name, strlen(g->c[0].name), name, sizeof(name));
        struct finding *f = rule_emit(o, wasted >= GIB ? SEV_WARNING : SEV_INFO,
                                      "%s is stored %u times (%s each): %s more than one copy "
                                      "needs",
                                      name, g->n, size_str(g->size), size_str(wasted));
        struct strbuf ev = STRBUF_INIT, fix = STRBUF_INIT, cmds = STRBUF_INIT;
        if (g->same_digest)
            strbuf_addf(&ev, "the same sha256 (Ollama names its blobs by it: %.20s…)", g->digest);
        else
            strbuf_addf(&ev,
                        "the same size (%llu bytes) and the same first MiB (64-bit FNV-1a; a "
                        "header match, the rest was not read)",
                        (unsigned long long)g->size);
        strbuf_addstr(&ev, ":");
        for (unsigned i = 0; i < g->n; i++) {
            const struct dup_copy *c = &g->c[i];
            strbuf_addf(&ev, "%s %s ", i ? ";" : "", store_kind_name(c->kind));
            add_sanitized(&ev, c->name);
            strbuf_addstr(&ev, " at ");
            add_sanitized(&ev, c->real);
        }
        strbuf_addstr(&ev, "; per file system:");
        unsigned linkable = 0;
        for (unsigned k = 0; k < nfs; k++) {
            const struct fs_copies *x = &fsc[k];
            strbuf_addf(&ev, "%s ", k ? ";" : "");
            add_sanitized(&ev, x->mount);
            strbuf_addf(&ev, " (%s%s) %u %s", x->fstype[0] ? x->fstype : "file system",
                        x->windows_drive ? ", a Windows drive" : "", x->n,
                        x->n == 1 ? "copy" : "copies");
            if (x->n > 1)
                strbuf_addf(&ev, ", %s wasted", size_str(dup_wasted(g->size, x->n)));
            if (x->n < 2 || x->windows_drive)
                continue;
            /* the plan: the others become hard links to the first */
            struct strbuf keep = STRBUF_INIT;
            if (!shell_word_add(&keep, g->c[x->idx[0]].real)) {
                strbuf_release(&keep);
                continue;
            }
            for (unsigned j = 1; j < x->n; j++) {
                struct strbuf dup = STRBUF_INIT;
                if (shell_word_add(&dup, g->c[x->idx[j]].real)) {
                    /* cmp first: a header match is not the whole file */
                    strbuf_addf(&cmds, "\n$ cmp -s -- %s %s && ln -f -- %s %s", keep.buf, dup.buf,
                                keep.buf, dup.buf);
                    linkable++;
                }
                strbuf_release(&dup);
            }
            strbuf_release(&keep);
        }
        if (linkable)
            strbuf_addf(&fix,
                        "on each file system keep one file and make the other copies hard links "
                        "to it: the same bytes, stored once, and every store keeps its path "
                        "(these commands are a plan: nothing was changed; each links only when cmp "
                        "finds the whole files equal; run them with the programs that use the "
                        "models stopped)%s",
                        nfs > 1 ? "; " : ":");
        if (nfs > 1)
            strbuf_addstr(&fix, "a copy on another file system cannot be a hard link, and a "
                                "symbolic link from the distro into a Windows drive makes the "
                                "model load over 9p (model.on-drvfs): keep the copy each side "
                                "uses, or delete the one nothing uses (for Ollama, ollama rm "
                                "NAME on that side)");
        if (linkable && nfs > 1)
            strbuf_addch(&fix, ':');
        strbuf_add(&fix, cmds.buf, cmds.len);
        finding_set_evidence(f, "%s", ev.buf);
        finding_set_fix(f, "%s", fix.buf);
        strbuf_release(&ev);
        strbuf_release(&fix);
        strbuf_release(&cmds);
    }
}
