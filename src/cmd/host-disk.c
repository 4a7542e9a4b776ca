#include "cmd/host-disk.h"

#include <string.h>

#include "out/text.h"
#include "util/sanitize.h"
#include "util/size.h"
#include "win/disk.h"

#define INDENT "                   "

bool host_disk_reported(const struct win_host *h)
{
    if (h->state != WIN_HOST_OK)
        return false;
    const struct win_disk *k = &h->disk;
    return k->has_distros || k->has_swap ||
           strcmp(k->distros_why, "missing from the host document") != 0;
}

static const char *san(const char *s, char *buf, size_t n)
{
    return text_sanitize(s ? s : "", s ? strlen(s) : 0, buf, n);
}

/* "6.1 GiB available of 476 GiB on C:" */
static void drive_line(FILE *f, const char *indent, const struct win_distro *x)
{
    char drv[64];
    win_drive_label(x->volume ? x->volume : x->base_path, drv, sizeof(drv));
    if (x->vol_avail.known && x->vol_total.known)
        fprintf(f, "%s%s %s available of %s (GetDiskFreeSpaceEx)\n", indent, drv,
                size_str(x->vol_avail.v), size_str(x->vol_total.v));
    else
        fprintf(f, "%s%s free space unknown (%s)\n", indent, drv,
                san(x->vol_avail.why, (char[200]){0}, 200));
}

static void orphans_line(FILE *f, const char *indent, const struct win_host *h)
{
    const struct win_disk *k = &h->disk;
    char b[300];
    if (!k->has_temp_files) {
        if (k->has_swap)
            fprintf(f, "%sswap disks in the temp folder: unknown (%s)\n", indent,
                    san(k->temp_files_why, b, sizeof(b)));
        return;
    }
    uint64_t bytes;
    size_t n = win_swap_orphans(k, &bytes);
    if (n)
        fprintf(f, "%s%zu swap disk%s left in %s, attached to no VM: %s\n", indent, n,
                n == 1 ? "" : "s", san(k->temp_dir, b, sizeof(b)), size_str(bytes));
}

void host_disk_print_status(FILE *f, const struct win_host *h, const struct machine *m)
{
    if (!host_disk_reported(h))
        return;
    const struct win_disk *k = &h->disk;
    char b[300], drv[64];
    const struct win_distro *x = win_disk_distro(k, m->wsl.distro);
    if (!x) {
        if (!k->has_distros)
            fprintf(f, INDENT "the virtual disk on Windows: unknown (%s)\n",
                    san(k->distros_why, b, sizeof(b)));
        else
            fprintf(f,
                    INDENT "the virtual disk on Windows: this distribution is not among the "
                           "%zu the host lists\n",
                    k->ndistros);
    } else {
        uint64_t on, rec;
        win_drive_label(x->volume ? x->volume : x->base_path, drv, sizeof(drv));
        if (win_distro_on_disk(x, &on)) {
            fprintf(f, INDENT "ext4.vhdx takes %s on %s", size_str(on), drv);
            if (x->vhd_size.known && x->vhd_alloc.known && x->vhd_size.v != x->vhd_alloc.v)
                fprintf(f, " (file size %s)", size_str(x->vhd_size.v));
            fputc('\n', f);
            if (m->disk_st.state == PROBE_OK && win_distro_reclaimable(x, &m->disk, &rec))
                fprintf(f,
                        INDENT "reclaimable: about %s (an estimate: on the drive − used "
                               "inside; headroom windows script --compact)\n",
                        size_str(rec));
        } else {
            fprintf(f, INDENT "ext4.vhdx: size unknown (%s)\n", san(x->vhd_size.why, b, sizeof(b)));
        }
        drive_line(f, INDENT, x);
    }
    orphans_line(f, INDENT, h);
}

void host_disk_print_windows(FILE *f, const struct win_host *h)
{
    if (!host_disk_reported(h))
        return;
    const struct win_disk *k = &h->disk;
    char b[300], n[160], p[400];
    fprintf(f,
            "\n%sWSL disks%s (HKCU\\...\\Lxss; GetFileSizeEx, GetCompressedFileSizeW, "
            "GetDiskFreeSpaceEx)\n",
            tc(TC_BOLD), tc(TC_RESET));
    if (!k->has_distros)
        fprintf(f, "  distributions unknown: %s\n", san(k->distros_why, b, sizeof(b)));
    else if (k->ndistros == 0)
        fputs("  no WSL distribution is registered for this user\n", f);
    for (size_t i = 0; i < k->ndistros; i++) {
        const struct win_distro *x = &k->distros[i];
        uint64_t on;
        fprintf(f, "  %s%s\n", x->name ? san(x->name, n, sizeof(n)) : "(no name)",
                x->vm_mode == 0 ? " (WSL1: no virtual disk)" : "");
        if (x->vhd_path)
            fprintf(f, "    %s\n", san(x->vhd_path, p, sizeof(p)));
        if (win_distro_on_disk(x, &on))
            fprintf(f, "    %s on the drive%s%s%s\n", size_str(on),
                    x->vhd_size.known && x->vhd_size.v != on ? " (file size " : "",
                    x->vhd_size.known && x->vhd_size.v != on ? size_str(x->vhd_size.v) : "",
                    x->vhd_size.known && x->vhd_size.v != on ? ")" : "");
        else if (x->vm_mode != 0)
            fprintf(f, "    size unknown: %s\n", san(x->vhd_size.why, b, sizeof(b)));
        drive_line(f, "    ", x);
    }
    if (k->distros_truncated)
        fputs("  (more distributions than the helper lists)\n", f);
    if (!k->has_swap) {
        fprintf(f, "  swap: unknown (%s)\n", san(k->swap_why, b, sizeof(b)));
        return;
    }
    if (k->swap_file)
        fprintf(f, "  swap file (.wslconfig swapFile) %s: %s\n", san(k->swap_file, p, sizeof(p)),
                k->swap_file_size.known ? size_str(k->swap_file_size.v)
                                        : san(k->swap_file_size.why, b, sizeof(b)));
    else
        fprintf(f, "  swap file: %s\n", san(k->swap_file_why, b, sizeof(b)));
    if (!k->has_temp_files) {
        fprintf(f, "  swap disks in the temp folder: unknown (%s)\n",
                san(k->temp_files_why, b, sizeof(b)));
        return;
    }
    fprintf(f, "  swap disks in %s: %zu%s\n", san(k->temp_dir, p, sizeof(p)), k->ntemp_files,
            k->temp_files_truncated ? " (more not listed)" : "");
    for (size_t i = 0; i < k->ntemp_files; i++) {
        const struct win_swap_file *s = &k->temp_files[i];
        char age[48];
        uint64_t a = s->age_s.v;
        if (s->age_s.known && a < 2 * 3600)
            snprintf(age, sizeof(age), "written %llu min ago", (unsigned long long)(a / 60));
        else if (s->age_s.known && a < 48 * 3600)
            snprintf(age, sizeof(age), "written %llu h ago", (unsigned long long)(a / 3600));
        else if (s->age_s.known)
            snprintf(age, sizeof(age), "written %llu days ago", (unsigned long long)(a / 86400));
        else
            snprintf(age, sizeof(age), "age unknown");
        fprintf(f, "    %-48s %10s  %s, %s\n", san(s->name, n, sizeof(n)),
                s->alloc.known  ? size_str(s->alloc.v)
                : s->size.known ? size_str(s->size.v)
                                : "?",
                age,
                s->in_use == 1   ? "attached to the running VM"
                : s->in_use == 0 ? "left over: no VM has it attached"
                                 : "in use: unknown");
    }
}
