/* fit on a model not on this machine yet: whether its download fits, in
 * WSL's file system and on the Windows drive the virtual disk grows onto
 * (src/download-room.c).
 * And struct fit_system: the machine and the Windows host, loaded once for
 * both the budget and the download. */
#include <stdio.h>
#include <string.h>

#include "cmd/fit.h"
#include "download-room.h"
#include "out/json.h"
#include "out/text.h"
#include "util/parse.h"
#include "util/size.h"

bool fit_download_bytes(const struct fit_entry *all, size_t n, uint64_t *ret)
{
    uint64_t sum = 0;
    bool any = false;
    for (size_t i = 0; i < n; i++)
        if (all[i].src.remote) {
            sum = sat_add_u64(sum, all[i].m.file_bytes);
            any = true;
        }
    *ret = sum;
    return any;
}

const struct machine *fit_system_machine(const struct ctx *ctx, struct fit_system *s)
{
    if (!s->machine_loaded) {
        struct machine_opts mo = {.top_n = 1, .want = MACHINE_NVML | MACHINE_CPUINFO};
        machine_load(&s->m, ctx->root, &mo);
        s->machine_loaded = true;
    }
    return &s->m;
}

const struct win_host *fit_system_host(const struct ctx *ctx, struct fit_system *s)
{
    if (!s->host_loaded) {
        win_host_load(ctx->root, NULL, &s->h);
        s->host_loaded = true;
    }
    return &s->h;
}

void fit_system_release(struct fit_system *s)
{
    if (s->machine_loaded)
        machine_release(&s->m);
    if (s->host_loaded)
        win_host_release(&s->h);
    s->machine_loaded = s->host_loaded = false;
}

void fit_download_measure(const struct ctx *ctx, uint64_t bytes, struct fit_system *sys,
                          struct download_room *r)
{
    const struct machine *m = fit_system_machine(ctx, sys);
    /* the Windows side: a snapshot's host.json, or on WSL2 the helper (the
     * download itself dwarfs its 0.1-1 s) */
    static const struct win_host no_host;
    download_room_measure(m, m->wsl.kind == WSL_2 ? fit_system_host(ctx, sys) : &no_host, bytes, r);
}

void fit_download_json(struct json *j, const struct download_room *r)
{
    json_key(j, "download");
    json_obj_begin(j);
    json_kv_u64(j, "bytes", r->bytes);
    if (r->guest_known) {
        json_kv_u64(j, "guest_available_bytes", r->guest_available);
        json_kv_bool(j, "fits_guest", r->fits_guest);
    } else {
        json_kv_null(j, "guest_available_bytes");
        json_kv_null(j, "fits_guest");
    }
    if (r->host_known) {
        json_kv_str(j, "host_drive", r->host_drive);
        json_kv_u64(j, "host_available_bytes", r->host_available);
        json_kv_bool(j, "fits_host", r->fits_host);
    } else {
        json_kv_null(j, "host_drive");
        json_kv_null(j, "host_available_bytes");
        json_kv_null(j, "fits_host");
        json_kv_str(j, "host_error", r->host_why);
    }
    json_obj_end(j);
}

void fit_download_print(FILE *f, const struct download_room *r)
{
    char a[32], b[32];
    fprintf(f, "\n%sDownload%s %s", tc(TC_BOLD), tc(TC_RESET), size_str(r->bytes));
    if (r->guest_known)
        fprintf(f, ": %s inside WSL (%s available on /)", r->fits_guest ? "fits" : "does not fit",
                size_str(r->guest_available));
    fputs(".\n", f);
    if (r->host_known) {
        snprintf(a, sizeof(a), "%s", size_str(r->host_available));
        snprintf(b, sizeof(b), "%s", size_str(sat_sub_u64(r->host_available, r->bytes)));
        if (r->fits_host)
            fprintf(f,
                    "  On Windows: ext4.vhdx grows by up to that on %s, which has %s available "
                    "(%s left after it).\n",
                    r->host_drive, a, b);
        else
            fprintf(f,
                    "  %s▲ On Windows: ext4.vhdx grows by up to that on %s, which has only %s "
                    "available%s: free space there first (disk.host-low).\n",
                    tc(TC_BOLD), r->host_drive, a, tc(TC_RESET));
    } else {
        char s[300];
        fprintf(f, "  On Windows: not known (%s).\n",
                text_sanitize(r->host_why, strlen(r->host_why), s, sizeof(s)));
    }
}
