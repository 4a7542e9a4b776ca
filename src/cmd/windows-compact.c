/* headroom windows script --compact [DISTRO...]: the script that compacts
 * WSL's virtual disks (src/win/script-compact.h), its plan (--dry-run) and
 * the reclaimable estimate it rests on. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmds.h"
#include "cmd/windows.h"
#include "machine.h"
#include "out/json.h"
#include "out/text.h"
#include "util/size.h"
#include "util/suggest.h"
#include "win/disk.h"
#include "win/host.h"
#include "win/script-compact.h"

static void plan_text(FILE *f, const struct win_distro *const *d, size_t n, const struct machine *m)
{
    char b[400], drv[64];
    fprintf(f, "Plan: a compaction script for %zu virtual disk%s (--dry-run: nothing is written)\n",
            n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const struct win_distro *x = d[i];
        uint64_t on, rec;
        fprintf(f, "\n  %s%s%s  %s\n", tc(TC_BOLD), win_san(x->name, b, sizeof(b)), tc(TC_RESET),
                x->guid);
        fprintf(f, "    disk:         %s", x->vhd_path ? win_san(x->vhd_path, b, sizeof(b)) : "?");
        win_drive_label(x->volume ? x->volume : x->base_path, drv, sizeof(drv));
        if (win_distro_on_disk(x, &on))
            fprintf(f, ", %s on %s\n", size_str(on), drv);
        else
            fprintf(f, ", size unknown (%s)\n", win_san(x->vhd_size.why, b, sizeof(b)));
        bool mine = m->wsl.distro[0] && x->name && strcasecmp(x->name, m->wsl.distro) == 0;
        if (mine && m->disk_st.state == PROBE_OK && win_distro_reclaimable(x, &m->disk, &rec))
            fprintf(f, "    reclaimable:  about %s (an estimate: on the drive − %s used inside)\n",
                    size_str(rec), size_str(disk_fs_used(&m->disk)));
        else
            fprintf(f, "    reclaimable:  unknown (%s)\n",
                    mine ? "the used space inside was not read"
                         : "headroom reads the used space of the distribution it runs in only");
    }
    fputs("\nThe script asks, then runs wsl --shutdown (every distribution stops), compacts each\n"
          "disk once no VM holds it (Optimize-VHD -Mode Full where the Hyper-V module is\n"
          "installed, else diskpart: attach vdisk readonly, compact vdisk, detach vdisk), reads\n"
          "its size back (ok or FAILED), records before and after in headroom-state.json\n"
          "beside it and restarts nothing. Run sudo fstrim -v / inside WSL first: compacting\n"
          "gives back only blocks the disk no longer uses.\n",
          f);
}

static void plan_json(struct ctx *ctx, const struct win_distro *const *d, size_t n,
                      const struct machine *m)
{
    struct json j;
    json_init(&j, ctx->out);
    json_obj_begin(&j);
    json_kv_str(&j, "mode", "compact");
    json_key(&j, "disks");
    json_arr_begin(&j);
    for (size_t i = 0; i < n; i++) {
        const struct win_distro *x = d[i];
        uint64_t v;
        json_obj_begin(&j);
        json_kv_str(&j, "guid", x->guid);
        json_kv_str(&j, "name", x->name);
        json_kv_str(&j, "vhd_path", x->vhd_path);
        json_key(&j, "vhd_on_disk");
        win_distro_on_disk(x, &v) ? json_u64(&j, v) : json_null(&j);
        bool mine = m->wsl.distro[0] && x->name && strcasecmp(x->name, m->wsl.distro) == 0;
        json_key(&j, "reclaimable_estimate");
        if (mine && m->disk_st.state == PROBE_OK && win_distro_reclaimable(x, &m->disk, &v))
            json_u64(&j, v);
        else
            json_null(&j);
        json_obj_end(&j);
    }
    json_arr_end(&j);
    json_obj_end(&j);
    json_finish(&j);
}

int windows_run_compact(struct ctx *ctx, int argc, char **argv)
{
    struct win_host h;
    int st = win_load_host(ctx, &h);
    if (st != EXIT_OK) {
        win_host_release(&h);
        return st;
    }
    const struct win_disk *k = &h.disk;
    char b[400];
    if (!k->has_distros) {
        st = cli_error(ctx, EXIT_SYSTEM, "no distributions to compact: %s",
                       win_san(win_disk_distros_why(k), b, sizeof(b)));
        win_host_release(&h);
        return st;
    }
    const struct win_distro *pick[WIN_COMPACT_MAX];
    size_t n = 0;
    for (int i = 1; i < argc && st == EXIT_OK; i++) {
        const struct win_distro *x = NULL;
        for (size_t j = 0; j < k->ndistros; j++)
            if (k->distros[j].name && strcasecmp(k->distros[j].name, argv[i]) == 0)
                x = &k->distros[j];
        if (!x) {
            /* did you mean: the host's distribution closest in name */
            struct suggest sg;
            suggest_init(&sg, argv[i]);
            for (size_t j = 0; j < k->ndistros; j++)
                if (k->distros[j].name)
                    suggest_offer(&sg, k->distros[j].name);
            char c[200];
            const char *best = suggest_best(&sg);
            st = cli_usage_error(ctx->cmd, "'%s' is not a WSL distribution the host lists%s%s%s",
                                 win_san(argv[i], b, sizeof(b)), best ? "; did you mean '" : "",
                                 best ? win_san(best, c, sizeof(c)) : "", best ? "'?" : "");
        } else if (x->vm_mode == 0)
            st = cli_usage_error(ctx->cmd, "'%s' is a WSL1 distribution: it has no virtual disk",
                                 win_san(argv[i], b, sizeof(b)));
        else if (n == WIN_COMPACT_MAX)
            st = cli_usage_error(ctx->cmd, "at most %d distributions at a time", WIN_COMPACT_MAX);
        else
            pick[n++] = x;
    }
    for (size_t j = 0; argc <= 1 && j < k->ndistros && n < WIN_COMPACT_MAX; j++)
        if (k->distros[j].vm_mode != 0)
            pick[n++] = &k->distros[j];
    for (size_t i = 0; i < n && st == EXIT_OK; i++)
        if (!win_guid_ok(pick[i]->guid))
            st = cli_error(ctx, EXIT_SYSTEM,
                           "the registry key of '%s' is not a GUID; it is not put into a script",
                           win_san(pick[i]->name, b, sizeof(b)));
    if (st == EXIT_OK && n == 0)
        st = cli_error(ctx, EXIT_SYSTEM, "the host lists no WSL2 distribution to compact");
    if (st != EXIT_OK) {
        win_host_release(&h);
        return st;
    }
    if (win_args.dry_run) {
        struct machine m;
        struct machine_opts mo = {0};
        machine_load(&m, ctx->root, &mo);
        if (ctx->json)
            plan_json(ctx, pick, n, &m);
        else
            plan_text(ctx->out, pick, n, &m);
        machine_release(&m);
        win_host_release(&h);
        return EXIT_OK;
    }
    const char *guids[WIN_COMPACT_MAX];
    for (size_t i = 0; i < n; i++)
        guids[i] = pick[i]->guid;
    struct strbuf script = STRBUF_INIT;
    int r = win_script_compact(guids, n, ctx->now, &script);
    st = r < 0 ? cli_error(ctx, EXIT_SYSTEM, "cannot generate the script: %s", strerror(-r))
               : windows_emit_script(ctx, &script, n);
    strbuf_release(&script);
    win_host_release(&h);
    return st;
}
