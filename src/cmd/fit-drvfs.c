/* fit and the rule model.on-drvfs: a model file on a Windows drive (9p) is
 * read slowly and, as reported, copied into memory instead of mapped; fit
 * says so under the model, with the read speed measured on the live
 * machine (one bounded read) and the copy command doctor gives. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/fit.h"
#include "out/json.h"
#include "out/text.h"
#include "rules/model.h"
#include "util/sanitize.h"

void fit_place(const struct ctx *ctx, struct fit_entry *all, size_t n)
{
    struct mount_table t;
    struct probe_status st;
    if (mounts_read(ctx->root, &t, &st) < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        const struct model_src *s = &all[i].src;
        char path[PATH_MAX + 2];
        if (s->rel)
            snprintf(path, sizeof(path), "/%s", s->rel[0] == '/' ? s->rel + 1 : s->rel);
        else if (ctx->root->live && s->display[0] == '/')
            snprintf(path, sizeof(path), "%s", s->display);
        else if (ctx->root->live && realpath(s->display, path))
            ;
        else
            continue; /* a file of this machine, but the mount table is the snapshot's */
        placement_of(ctx->root, &t, path, ctx->root->live, &all[i].place);
    }
    mount_table_release(&t);
}

void fit_place_print(FILE *f, const struct fit_entry *e)
{
    const struct model_placement *pl = &e->place;
    if (!pl->on_windows_drive)
        return;
    struct strbuf where = STRBUF_INIT, speed = STRBUF_INIT, fix = STRBUF_INIT;
    model_drvfs_where(pl, &where);
    model_drvfs_speed(pl, &speed);
    model_drvfs_fix(pl, e->m.format == MODEL_WHISPER ? "whisper-cli" : "llama-server", &fix);
    fprintf(f,
            "  %s▲ On a Windows drive%s: %s. Read over 9p and, as reported, not memory-mapped "
            "there: the weights are copied into the VM's memory (model.on-drvfs; %s).\n",
            tc(TC_BOLD), tc(TC_RESET), where.buf, speed.buf);
    /* the fix: advice, then the command on its own line */
    char *nl = strchr(fix.buf, '\n');
    if (nl)
        *nl = '\0';
    fprintf(f, "    Fix: %s\n", fix.buf);
    if (nl)
        fprintf(f, "    %s\n", nl + 1);
    strbuf_release(&where);
    strbuf_release(&speed);
    strbuf_release(&fix);
}

void fit_place_json(struct json *j, const struct fit_entry *e)
{
    const struct model_placement *pl = &e->place;
    /* only for a file on a Windows drive: `jq .placement` is null otherwise */
    if (!pl->on_windows_drive)
        return;
    json_key(j, "placement");
    json_obj_begin(j);
    json_kv_str(j, "path", pl->real);
    json_kv_str(j, "mount_point", pl->mount_target);
    json_kv_str(j, "fs_type", pl->fstype);
    json_kv_bool(j, "on_windows_drive", true);
    json_kv_str(j, "windows_path", pl->windows_path);
    json_key(j, "read_speed");
    if (pl->speed.measured) {
        json_obj_begin(j);
        json_kv_u64(j, "bytes", pl->speed.bytes);
        json_kv_u64(j, "ns", pl->speed.ns);
        json_kv_u64(j, "bytes_per_second", read_speed_bps(&pl->speed));
        json_obj_end(j);
    } else {
        json_null(j);
    }
    json_kv_str(j, "read_speed_error", pl->speed.measured ? NULL : pl->speed.why_not);
    json_kv_str(j, "rule", "model.on-drvfs");
    json_obj_end(j);
}
