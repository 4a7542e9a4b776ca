/* headroom status: a one-screen memory picture of the guest, what Windows
 * sees of it, pressure, and the processes holding the most. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmds.h"
#include "cmd/host-disk.h"
#include "machine.h"
#include "out/json.h"
#include "out/machine-json.h"
#include "loaded-models.h"
#include "out/status-json.h"
#include "out/text.h"
#include "util/parse.h"
#include "util/size.h"

static unsigned arg_top;
static bool arg_pss, arg_host;

static const struct opt status_opts[] = {
    {"top", 'n', OPT_UINT, &arg_top, "N", "show the N largest processes by RSS (default 10)"},
    {"host", 0, OPT_FLAG, &arg_host, NULL,
     "on WSL2, also ask Windows for ext4.vhdx's size and the drive's free space (0.1-1 s)"},
    {"pss", 0, OPT_FLAG, &arg_pss, NULL,
     "also their PSS (costs a page-table walk per process on the live machine)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

/* Where the figures came from, for the first line. */
static void print_source(FILE *f, const struct ctx *ctx, const struct machine *m)
{
    const char *kind = m->wsl.kind == WSL_2 ? "WSL2" : m->wsl.kind == WSL_1 ? "WSL1" : "Linux";
    fprintf(f, "%s%s%s", tc(TC_BOLD), m->live ? "This machine" : "Snapshot", tc(TC_RESET));
    if (!m->live)
        fprintf(f, " %s", ctx->root_path);
    fprintf(f, " · %s", kind);
    if (m->wsl.version[0])
        fprintf(f, " %s", m->wsl.version);
    if (m->wsl.distro[0]) {
        char d[130];
        fprintf(f, " (%s)", text_sanitize(m->wsl.distro, strlen(m->wsl.distro), d, sizeof(d)));
    }
    const char *rel = machine_kernel_release(m);
    if (rel) {
        char k[260];
        fprintf(f, " · kernel %s", text_sanitize(rel, strlen(rel), k, sizeof(k)));
    }
    if (m->cpus_st.state == PROBE_OK)
        fprintf(f, " · %u CPU%s", m->cpus.online, m->cpus.online == 1 ? "" : "s");
    fputc('\n', f);
}

static void add_mem_row(struct table *t, const char *label, uint64_t v, const char *note)
{
    const char *cells[] = {label, size_str(v), note};
    table_add_row(t, cells);
}

static void print_memory(FILE *f, const struct machine *m)
{
    const struct meminfo *mi = &m->meminfo;
    static const char *headers[] = {"", "", ""};
    static const enum table_align aligns[] = {TA_LEFT, TA_RIGHT, TA_LEFT};
    struct table t;
    char note[160];
    table_init(&t, 3, NULL, aligns);
    (void)headers;
    add_mem_row(&t, "total", mi->mem_total, "MemTotal");
    add_mem_row(&t, "used", machine_used(m), "total − available");
    snprintf(note, sizeof(note), "Buffers + Cached + SReclaimable, as free counts it (shmem %s)",
             size_str(mi->shmem));
    add_mem_row(&t, "buff/cache", machine_buff_cache(m), note);
    add_mem_row(&t, "free", mi->mem_free, "MemFree");
    add_mem_row(&t, "available", mi->mem_available,
                mi->has_mem_available ? "MemAvailable" : "estimated: no MemAvailable line");
    if (mi->swap_total) {
        snprintf(note, sizeof(note), "used of %s", size_str(mi->swap_total));
        add_mem_row(&t, "swap", machine_swap_used(m), note);
    } else {
        const char *cells[] = {"swap", "none", "no swap area is active"};
        table_add_row(&t, cells);
    }
    fprintf(f, "\n%sGuest memory%s\n", tc(TC_BOLD), tc(TC_RESET));
    table_print(&t, f, 2);
    table_release(&t);

    if (m->wsl.kind == WSL_2)
        fprintf(f,
                "\n%sWhat Windows sees%s  %s  MemTotal − MemFree: what Vmmem holds for this VM\n",
                tc(TC_BOLD), tc(TC_RESET), size_str(machine_host_view_used(m)));
    else
        fprintf(f,
                "\n%sWhat a host sees%s   %s  MemTotal − MemFree: what a hypervisor holds, if this "
                "is a VM\n",
                tc(TC_BOLD), tc(TC_RESET), size_str(machine_host_view_used(m)));
    uint64_t unrep;
    if (machine_unreportable_free(m, &unrep) && unrep)
        fprintf(f,
                "                   (free but in blocks below page_reporting_order=%llu: %s, "
                "never returned)\n",
                (unsigned long long)m->cmdline.page_reporting_order, size_str(unrep));
}

static void print_psi(FILE *f, const struct machine *m)
{
    fprintf(f, "%sPressure (PSI)%s     ", tc(TC_BOLD), tc(TC_RESET));
    if (m->psi_st.state == PROBE_OK) {
        const struct psi_line *s = &m->psi.some;
        fprintf(f, "some avg10 %llu.%02llu%%, avg60 %llu.%02llu%%, avg300 %llu.%02llu%%",
                (unsigned long long)(s->avg10 / 100), (unsigned long long)(s->avg10 % 100),
                (unsigned long long)(s->avg60 / 100), (unsigned long long)(s->avg60 % 100),
                (unsigned long long)(s->avg300 / 100), (unsigned long long)(s->avg300 % 100));
        if (m->psi.has_full)
            fprintf(f, " · full avg60 %llu.%02llu%%", (unsigned long long)(m->psi.full.avg60 / 100),
                    (unsigned long long)(m->psi.full.avg60 % 100));
        fputc('\n', f);
    } else {
        char why[700];
        fprintf(f, "unavailable (%s)\n", probe_status_reason(&m->psi_st, why, sizeof(why)));
    }
}

static void print_processes(FILE *f, const struct machine *m)
{
    if (m->procs_st.state != PROBE_OK || m->procs.n == 0)
        return;
    static const char *headers[] = {"PID", "NAME", "RSS", "PSS", "ANON", "FILE", "SHMEM", "SWAP"};
    static const enum table_align aligns[] = {TA_RIGHT, TA_LEFT,  TA_RIGHT, TA_RIGHT,
                                              TA_RIGHT, TA_RIGHT, TA_RIGHT, TA_RIGHT};
    struct table t;
    table_init(&t, 8, headers, aligns);
    for (size_t i = 0; i < m->procs.n; i++) {
        const struct proc_info *p = &m->procs.procs[i];
        char pid[16], name[80];
        snprintf(pid, sizeof(pid), "%d", p->pid);
        text_sanitize(p->name, strlen(p->name), name, sizeof(name));
        const char *cells[] = {pid,
                               name,
                               size_str(p->rss),
                               p->has_smaps ? size_str(p->pss) : "-",
                               size_str(p->rss_anon),
                               size_str(p->rss_file),
                               size_str(p->rss_shmem),
                               size_str(p->swap)};
        table_add_row(&t, cells);
    }
    bool any_pss = false;
    for (size_t i = 0; i < m->procs.n; i++)
        any_pss |= m->procs.procs[i].has_smaps;
    fprintf(f, "\n%sTop processes by RSS%s%s\n", tc(TC_BOLD), tc(TC_RESET),
            any_pss || !m->live ? "" : " (PSS with --pss)");
    table_print(&t, f, 2);
    table_release(&t);
}

static void print_disk(FILE *f, const struct machine *m, const struct win_host *h)
{
    fprintf(f, "\n%sDisk%s               ", tc(TC_BOLD), tc(TC_RESET));
    if (!m->live && m->disk_st.state == PROBE_UNAVAILABLE && m->disk_st.error == -ENOENT) {
        fprintf(f, "/ not recorded (no %s)\n", DISK_STATFS_RECORD);
        return;
    }
    if (m->disk_st.state != PROBE_OK) {
        char why[700];
        fprintf(f, "/ unavailable (%s)\n", probe_status_reason(&m->disk_st, why, sizeof(why)));
        return;
    }
    const struct disk_fs *fs = &m->disk;
    const char *type = disk_fs_type_name(fs->fs_type);
    fprintf(f, "/ (%s): %s used of %s", type ? type : "file system", size_str(disk_fs_used(fs)),
            size_str(disk_fs_size(fs)));
    fprintf(f, " · %s available\n", size_str(disk_fs_available(fs)));
    if (m->wsl.kind == WSL_2)
        fprintf(f, "                   the size is the virtual disk's; what it takes on the "
                   "Windows drive is the ext4.vhdx file's size\n");
    if (m->live && m->wsl.kind == WSL_2 && !arg_host)
        fprintf(f, "                   that file's size and the drive's free space: headroom "
                   "status --host (asks Windows, 0.1-1 s)\n");
    host_disk_print_status(f, h, m);
}

static void print_loaded(FILE *f, const struct loaded_models *lm)
{
    char a[300], b[300];
    fprintf(f, "\n%sModels in memory%s   ", tc(TC_BOLD), tc(TC_RESET));
    if (lm->source == LOADED_OLLAMA) {
        fprintf(f, "%u loaded in Ollama (its /api/ps)\n", lm->ps.total);
        for (unsigned i = 0; i < lm->ps.n; i++) {
            const struct ollama_running *r = &lm->ps.models[i];
            fprintf(f, "  %s  %s", text_sanitize(r->name, strlen(r->name), a, sizeof(a)),
                    size_str(r->size));
            if (r->has_vram)
                fprintf(f, ", %s of it on the GPU", size_str(r->size_vram));
            if (r->context_length)
                fprintf(f, ", context %llu", (unsigned long long)r->context_length);
            if (r->expires_at[0])
                fprintf(f, ", unloads at %s",
                        text_sanitize(r->expires_at, strlen(r->expires_at), b, sizeof(b)));
            fputc('\n', f);
        }
        return;
    }
    if (lm->source == LOADED_NONE) {
        fprintf(f, "none: no process maps a model file; %s\n",
                text_sanitize(lm->ollama_why, strlen(lm->ollama_why), a, sizeof(a)));
        return;
    }
    fprintf(f, "%u mapped by processes\n", lm->nprocs);
    for (unsigned i = 0; i < lm->nprocs; i++) {
        const struct loaded_proc *p = &lm->procs[i];
        fprintf(f, "  %s (PID %d): %s", text_sanitize(p->process, strlen(p->process), a, sizeof(a)),
                p->pid, text_sanitize(p->file, strlen(p->file), b, sizeof(b)));
        if (p->architecture[0])
            fprintf(f, ", %s",
                    text_sanitize(p->architecture, strlen(p->architecture), a, sizeof(a)));
        if (p->file_bytes)
            fprintf(f, ", %s", size_str(p->file_bytes));
        fprintf(f, "; %s of file pages resident\n", size_str(p->resident));
    }
}

static void print_notes(FILE *f, const struct machine *m)
{
    const struct meminfo *mi = &m->meminfo;
    bool wsl = m->wsl.kind == WSL_2;
    struct text_notes notes = {.f = f};

    uint64_t cache = machine_reclaimable_cache(m);
    uint64_t droppable = machine_droppable_cache(m);
    const struct proc_info *holder = machine_top_file_holder(m);
    if (cache >= 256 * MIB && cache - droppable >= 256 * MIB && holder && holder->rss_file) {
        char name[80];
        text_sanitize(holder->name, strlen(holder->name), name, sizeof(name));
        text_note(&notes,
                  "%s is page cache; %s of it is mapped by running processes and stays (%s "
                  "holds %s of file pages, e.g. a memory-mapped model).",
                  size_str(cache), size_str(cache - droppable), name, size_str(holder->rss_file));
    }
    if (wsl && droppable >= 256 * MIB)
        text_note(&notes, "`sudo headroom reclaim` would return about %s of page cache to Windows.",
                  size_str(droppable));
    else if (!wsl && cache >= 256 * MIB)
        text_note(&notes, "%s is page cache, which the kernel gives back on demand.",
                  size_str(cache));
    if (mi->swap_total && mi->swap_free < mi->swap_total)
        text_note(&notes, "%s is in swap.", size_str(machine_swap_used(m)));
    if (mi->mem_total && mi->mem_available < mi->mem_total / 10)
        text_note(&notes,
                  "only %s is available (under 10%% of the total): the next large allocation may "
                  "swap or be OOM-killed.",
                  size_str(mi->mem_available));
    if (wsl && m->psi_st.state != PROBE_OK)
        text_note(
            &notes,
            "WSL kernels ship PSI switched off; add psi=1 to kernelCommandLine under [wsl2] in "
            ".wslconfig to see memory pressure.");
    if (m->wsl.kind == WSL_1)
        text_note(
            &notes,
            "this is WSL1: there is no VM, so .wslconfig memory limits and Vmmem do not apply.");
    if (!wsl && m->wsl.kind == WSL_NONE)
        text_note(&notes, "this is not WSL: the Windows side (Vmmem) does not apply.");

    struct machine_probe_ref refs[32];
    size_t n = machine_probes(m, refs, 32);
    for (size_t i = 0; i < n; i++) {
        if (refs[i].st->state != PROBE_MALFORMED)
            continue;
        char why[700];
        text_note(&notes, "%s: %s", refs[i].name,
                  probe_status_reason(refs[i].st, why, sizeof(why)));
    }
    if (m->procs.skipped)
        text_note(&notes, "%zu process entr%s could not be read (gone, or unreadable bytes).",
                  m->procs.skipped, m->procs.skipped == 1 ? "y" : "ies");
}

static int run_status(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct machine m;
    struct machine_opts mo = {.top_n = arg_top ? arg_top : 10, .want = arg_pss ? MACHINE_PSS : 0};
    if (ctx->json)
        mo.want |= MACHINE_PYENV;
    machine_load(&m, ctx->root, &mo);

    int failed = cli_probe_failed(ctx, &m.meminfo_st);
    if (failed) {
        machine_release(&m);
        return failed;
    }

    /* the Windows side of the disk: a snapshot's host.json (a file read);
     * live, only with --host, since asking Windows (the helper, or one
     * PowerShell call) takes 0.1-1 s where the rest of status takes a few
     * milliseconds */
    struct loaded_models lm;
    loaded_models_read(&m, &lm, NULL);
    struct win_host h;
    memset(&h, 0, sizeof(h));
    if (!m.live || (arg_host && m.wsl.kind == WSL_2))
        win_host_load(ctx->root, NULL, &h);
    else if (m.wsl.kind != WSL_2)
        snprintf(h.reason, sizeof(h.reason), "not WSL2: no Windows host disk");
    else
        snprintf(h.reason, sizeof(h.reason),
                 "not asked: status --host asks Windows (0.1-1 s) for the virtual disk's size "
                 "and the drive's free space");

    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        status_json_members(&j, &m, &h, &lm, ctx->root_path);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        FILE *f = ctx->out;
        print_source(f, ctx, &m);
        print_memory(f, &m);
        print_psi(f, &m);
        print_processes(f, &m);
        print_disk(f, &m, &h);
        print_loaded(f, &lm);
        print_notes(f, &m);
    }
    win_host_release(&h);
    machine_release(&m);
    return EXIT_OK;
}

const struct command cmd_status = {
    .name = "status",
    .summary = "one screen: guest memory, what Windows sees, pressure, top processes",
    .usage = "status [--top N] [--pss] [--json]",
    .description =
        "Reads /proc/meminfo, /proc/swaps, /proc/buddyinfo, /proc/pressure/memory, the\n"
        "kernel command line, cgroup files and /proc/<pid>/* (through --root when given)\n"
        "and shows:\n"
        "  - the guest's memory: total, used (total − available), page cache, free,\n"
        "    available, swap;\n"
        "  - what Windows sees: MemTotal − MemFree, which is what the Vmmem process holds\n"
        "    for the WSL2 VM (page cache counts; only free pages go back to Windows);\n"
        "  - memory pressure (PSI), when the kernel has it switched on;\n"
        "  - the largest processes by RSS, with the anon/file/shmem split, and PSS with\n"
        "    --pss (always from a snapshot; on the live machine the kernel walks each\n"
        "    process's page tables for it, which takes longer the more memory it maps);\n"
        "  - the file system at / (statfs, as df reads it: used = size − free; from\n"
        "    .headroom/statfs in a snapshot, and read directly when --root is a mount\n"
        "    point such as a mounted distro image), and from the Windows host (with\n"
        "    --host the helper; a snapshot's .headroom/host.json) the ext4.vhdx file's size on "
        "the\n"
        "    Windows drive, that drive's free space, the reclaimable estimate (vhdx on\n"
        "    the drive − used inside) and swap disks left in the temp folder.\n"
        "  - with --json, the Python environments found (system dist-packages, user\n"
        "    site, virtual environments under the home directories and $VIRTUAL_ENV,\n"
        "    conda) and, in each, PyTorch and the CUDA version it was built for, ONNX\n"
        "    Runtime and its CUDA provider, TensorFlow (python_envs; files are read,\n"
        "    nothing is imported).\n"
        "\n"
        "Examples:\n"
        "  headroom status\n"
        "  headroom status --json | jq .guest.host_view_used\n"
        "  headroom status --root ./snapshot-from-my-laptop\n",
    .opts = status_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_status,
    .exit_status = "0 shown, however short of memory the machine is (doctor judges; status\n"
                   "reports); 2 bad usage or a malformed /proc file (its name and line); 3 a\n"
                   "file that cannot be read.",
    .wrap_lines = true,
};
